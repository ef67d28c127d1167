package dev.stocktake.report;


import java.time.Instant;
import java.util.Arrays;

/**
 * A credential report exactly as {@code GetCredentialReport} returned it.
 *
 * @param content the raw CSV bytes, never modified
 * @param generatedTime when AWS generated it (reports are regenerated only when older than 4 hours)
 */
public record CredentialReport(byte[] content, Instant generatedTime) {

    public CredentialReport {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public int size() {
        return content.length;
    }

    /** Data rows (users, including {@code <root_account>} on real AWS), not counting the header. */
    public int rows() {
        return ReportFormat.dataRows(content);
    }

    /** The layout of the header, checked by column name ({@link ReportFormat#checkHeader}). */
    public ReportFormat.HeaderCheck header() {
        return ReportFormat.checkHeader(content);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CredentialReport that && Arrays.equals(content, that.content)
                && generatedTime.equals(that.generatedTime);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(content) + generatedTime.hashCode();
    }

    @Override
    public String toString() {
        return "CredentialReport[" + content.length + " bytes, generated " + generatedTime + "]";
    }
}
