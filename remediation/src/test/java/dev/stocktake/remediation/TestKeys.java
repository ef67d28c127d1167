package dev.stocktake.remediation;

/** An SSH public key and a self-signed certificate (public halves only; the private keys were thrown away). */
final class TestKeys {

    static final String SSH_PUBLIC_KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC1nAQGNQ5S0DN2DMFo9bwKJ+K0nJEXTiCPDp/2nSQQh52df0nKVKT/tjSb3lf414r5BoDijyG9XAY9sru+w/C2CUUPcqOHWsJZVwbCiAMMcLgo8WGIDJjTW42U80PMZ7szZkg88epueGLbLpRc//mJu8twgqJgkxDn/jN7KwrgVsXJrSjNRUz4VrmqT/M+t1eZdevKSpOE/tKi85oQncxf73/s7qwN/SEYRS1DhQkvgZkdRi98VsUscWNXD0hPEjeWSD2gcc/sToxGvBTYNkueX80ThHNxOYqNvtOgNYQsk9oqXEpwk1vsyBMdeGD0br5qv5axQyCIGz6JzMkBOIcr test";

    static final String CERTIFICATE = "-----BEGIN CERTIFICATE-----" + "\n"
            + "MIIDEzCCAfugAwIBAgIUF04IoulDjfM0DnDBiII68N09wYUwDQYJKoZIhvcNAQEL" + "\n"
            + "BQAwGTEXMBUGA1UEAwwOc3RvY2t0YWtlLXRlc3QwHhcNMjYxMjAzMjIwOTI2WhcN" + "\n"
            + "MzYxMTMwMjIwOTI2WjAZMRcwFQYDVQQDDA5zdG9ja3Rha2UtdGVzdDCCASIwDQYJ" + "\n"
            + "KoZIhvcNAQEBBQADggEPADCCAQoCggEBALnasHFmC0bC9arPsF8FHaMIqzOVypfZ" + "\n"
            + "9lZ1sklV/ZFh0rjzAfia322+/ZI4wvaizmmKO+z2/u42xTUBr5bjhpwUmDPQft21" + "\n"
            + "KrFkNMAwOBROIzbNJCqahxw0NpFBxS//htICNSIEWW+D2uxniVm4+xnr3wIclaQZ" + "\n"
            + "DtxzXvs7z2kZIZ3vo1UHsV0DsWW12w8hMvYquocb2bmcX21oYAsXgMjbm2JYfezB" + "\n"
            + "m0CTs3JBK+YIJgoczWNb52bx4o9C2cSjMknPEkcWdgTZyy1I6/ZFLT1gAv4RA51v" + "\n"
            + "fiGP25i3lyMVBMtqeYyy+d5u1rHvtsANRkOjm+ERSf1DU5lqylNMxeUCAwEAAaNT" + "\n"
            + "MFEwHQYDVR0OBBYEFF1qTnVg3iVdYY6E3mk82Pu4kzmHMB8GA1UdIwQYMBaAFF1q" + "\n"
            + "TnVg3iVdYY6E3mk82Pu4kzmHMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQEL" + "\n"
            + "BQADggEBAH6peId2V4EHb8h3teBMyjBTUb/803VXpXtubkUct7HDMuODwU7MyW9f" + "\n"
            + "PlcabmR7wodMnXmrPf91ZaiadZ4YlllGn0XQvDDUHbkOSvYijpFoeX4Y7FPKio6r" + "\n"
            + "f+/T4N/9wZF5Nxfu6fRyRAeTjzeVZjuKR0FljuO+6wzXHB2dY1NBSmsn7E6CurrC" + "\n"
            + "bd7DVO8zW5+oEJ8jlCnp7vHqOQU2zlKsFIvUuR1u5xx1qxgtLdY/07V3px0svaWK" + "\n"
            + "vXpsP7FXHQkicjbcTHnOmLAwxBrpm+lzcel2xtyC8HyO2R2K8gVULO+XXkVVKP5a" + "\n"
            + "h2M2CKz6uujiM8dGETbAC11IQkpKWEA=" + "\n"
            + "-----END CERTIFICATE-----" + "\n";

    private TestKeys() {
    }
}
