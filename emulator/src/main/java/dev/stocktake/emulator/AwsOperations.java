package dev.stocktake.emulator;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;

/**
 * Which AWS operation a signed request calls, named {@code service:Operation} ({@code iam:GetCredentialReport},
 * {@code s3:PutObject}), read from the request alone: the service from the SigV4 credential scope, the operation
 * from {@code X-Amz-Target} (JSON protocols), the form's {@code Action} (query protocol) or, for S3, the method and
 * path.
 */
final class AwsOperations {

    private static final Pattern ACCESS_KEY_ID = Pattern.compile("Credential=([^/]+)/");
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");

    private AwsOperations() {
    }

    /** The operation; {@code service:METHOD /path} when the request names none. */
    static String of(Headers headers, String method, URI uri, byte[] body) {
        String service = serviceOf(headers.getFirst("Authorization"));
        String target = headers.getFirst("X-Amz-Target");
        if (target != null && target.contains(".")) {
            return service + ":" + target.substring(target.lastIndexOf('.') + 1);
        }
        if ("s3".equals(service)) {
            return "s3:" + s3Operation(method, uri);
        }
        String contentType = headers.getFirst("Content-Type");
        if (contentType != null && contentType.contains("x-www-form-urlencoded")) {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                if (pair.startsWith("Action=")) {
                    return service + ":" + URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
                }
            }
        }
        return service + ":" + method + " " + uri.getPath();
    }

    /** The access key ID a SigV4 {@code Authorization} header was signed with, or {@code null}. */
    static String accessKeyIdOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher matcher = ACCESS_KEY_ID.matcher(authorization);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String serviceOf(String authorization) {
        if (authorization == null) {
            return "unsigned";
        }
        Matcher matcher = CREDENTIAL_SCOPE.matcher(authorization);
        return matcher.find() ? matcher.group(1) : "unknown";
    }

    private static String s3Operation(String method, URI uri) {
        String path = uri.getPath();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        boolean objectPath = path.indexOf('/', 1) > 0 && path.indexOf('/', 1) < path.length() - 1;
        if (query.contains("tagging")) {
            return switch (method) {
                case "PUT" -> "PutObjectTagging";
                case "GET" -> "GetObjectTagging";
                default -> "DeleteObjectTagging";
            };
        }
        return switch (method) {
            case "PUT" -> objectPath ? "PutObject" : "CreateBucket";
            case "HEAD" -> objectPath ? "HeadObject" : "HeadBucket";
            case "GET" -> objectPath ? "GetObject" : "ListObjects";
            case "DELETE" -> objectPath ? "DeleteObject" : "DeleteBucket";
            default -> method + "Object";
        };
    }
}
