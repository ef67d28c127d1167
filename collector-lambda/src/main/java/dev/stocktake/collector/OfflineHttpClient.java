package dev.stocktake.collector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.stocktake.report.ReportFormat;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never opens a connection: it answers the requests of a collection
 * (GenerateCredentialReport, GetCredentialReport, AssumeRole, DescribeAccount, PutObject, then the IAM details:
 * ListUsers, ListUserTags, ListRoles, GetRole, PutObject) with canned, well-formed AWS responses, so a collection can
 * run end to end offline. Any other request fails, naming it.
 */
final class OfflineHttpClient implements SdkHttpClient {

    static final String ACCOUNT_NAME = "snapstart-priming";

    private final List<String> operations = new ArrayList<>();

    /** The operations answered so far, e.g. {@code iam:GetCredentialReport}, in order. */
    synchronized List<String> operations() {
        return List.copyOf(operations);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return answer(request.httpRequest(), body(request.contentStreamProvider()));
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public String clientName() {
        return "Offline";
    }

    @Override
    public void close() {
    }

    private HttpExecuteResponse answer(SdkHttpRequest request, String body) {
        String target = request.firstMatchingHeader("X-Amz-Target").orElse("");
        if (request.method() == SdkHttpMethod.PUT) {
            return record("s3:PutObject", 200, "application/xml", "", "ETag", "\"00000000000000000000000000000000\"");
        }
        if (target.endsWith(".DescribeAccount")) {
            return record("organizations:DescribeAccount", 200, "application/x-amz-json-1.1",
                    "{\"Account\":{\"Id\":\"000000000000\",\"Arn\":\"arn:aws:organizations::000000000000:account/o-priming/000000000000\","
                            + "\"Name\":\"" + ACCOUNT_NAME + "\",\"Status\":\"ACTIVE\"}}");
        }
        if (body.contains("Action=GenerateCredentialReport")) {
            return record("iam:GenerateCredentialReport", 200, "text/xml",
                    "<GenerateCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GenerateCredentialReportResult>"
                            + "<State>COMPLETE</State></GenerateCredentialReportResult>" + METADATA + "</GenerateCredentialReportResponse>");
        }
        if (body.contains("Action=GetCredentialReport")) {
            // Today's layout, so the priming run takes the path a real report takes.
            String csv = String.join(",", ReportFormat.STANDARD_COLUMNS) + "\n<root_account>,arn:aws:iam::000000000000:root,"
                    + "2026-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,false,"
                    + "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
            return record("iam:GetCredentialReport", 200, "text/xml",
                    "<GetCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetCredentialReportResult>"
                            + "<Content>" + Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8)) + "</Content>"
                            + "<ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-01-01T00:00:00Z</GeneratedTime>"
                            + "</GetCredentialReportResult>" + METADATA + "</GetCredentialReportResponse>");
        }
        if (action(body, "ListUsers")) {
            return record("iam:ListUsers", 200, "text/xml",
                    "<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListUsersResult><IsTruncated>false</IsTruncated>"
                            + "<Users><member><Path>/</Path><UserName>priming</UserName><UserId>AIDAPRIMINGPRIMING000</UserId>"
                            + "<Arn>arn:aws:iam::000000000000:user/priming</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></member></Users>"
                            + "</ListUsersResult>" + METADATA + "</ListUsersResponse>");
        }
        if (action(body, "ListUserTags")) {
            return record("iam:ListUserTags", 200, "text/xml",
                    "<ListUserTagsResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListUserTagsResult><IsTruncated>false</IsTruncated>"
                            + "<Tags><member><Key>owner</Key><Value>priming</Value></member></Tags>"
                            + "</ListUserTagsResult>" + METADATA + "</ListUserTagsResponse>");
        }
        if (action(body, "ListRoles")) {
            return record("iam:ListRoles", 200, "text/xml",
                    "<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListRolesResult><IsTruncated>false</IsTruncated>"
                            + "<Roles><member>" + SSO_ROLE + "</member></Roles></ListRolesResult>" + METADATA + "</ListRolesResponse>");
        }
        if (action(body, "GetRole")) {
            return record("iam:GetRole", 200, "text/xml",
                    "<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRoleResult><Role>" + SSO_ROLE
                            + "<RoleLastUsed><LastUsedDate>2026-01-01T00:00:00Z</LastUsedDate><Region>us-east-1</Region></RoleLastUsed>"
                            + "</Role></GetRoleResult>" + METADATA + "</GetRoleResponse>");
        }
        if (body.contains("Action=AssumeRole")) {
            return record("sts:AssumeRole", 200, "text/xml",
                    "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>"
                            + "<AccessKeyId>ASIAPRIMINGPRIMING00</AccessKeyId><SecretAccessKey>priming</SecretAccessKey>"
                            + "<SessionToken>priming</SessionToken><Expiration>" + Instant.parse("2100-01-01T00:00:00Z") + "</Expiration>"
                            + "</Credentials><AssumedRoleUser><AssumedRoleId>AROAPRIMING:priming</AssumedRoleId>"
                            + "<Arn>arn:aws:sts::000000000000:assumed-role/priming/priming</Arn></AssumedRoleUser>"
                            + "</AssumeRoleResult>" + METADATA + "</AssumeRoleResponse>");
        }
        throw new IllegalStateException("The offline priming run made a request it has no answer for: " + request.method() + " "
                + request.getUri() + (target.isEmpty() ? "" : " (" + target + ")")
                + ". The collection's calls changed: teach OfflineHttpClient the new call.");
    }

    private static final String METADATA = "<ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata>";
    private static final String SSO_ROLE = "<Path>/aws-reserved/sso.amazonaws.com/</Path>"
            + "<RoleName>AWSReservedSSO_Priming_0123456789abcdef</RoleName><RoleId>AROAPRIMINGPRIMING000</RoleId>"
            + "<Arn>arn:aws:iam::000000000000:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Priming_0123456789abcdef</Arn>"
            + "<CreateDate>2026-01-01T00:00:00Z</CreateDate>";

    /** Whether a query-protocol form body calls {@code action} (exactly: {@code ListUsers} is not {@code ListUserTags}). */
    private static boolean action(String body, String action) {
        return ("&" + body + "&").contains("&Action=" + action + "&");
    }

    private synchronized HttpExecuteResponse record(String operation, int status, String contentType, String body, String... headers) {
        operations.add(operation);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status)
                .putHeader("Content-Type", contentType)
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .putHeader("x-amz-request-id", "priming");
        for (int i = 0; i < headers.length; i += 2) {
            response.putHeader(headers[i], headers[i + 1]);
        }
        return HttpExecuteResponse.builder().response(response.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
    }

    private static String body(Optional<ContentStreamProvider> content) {
        if (content.isEmpty()) {
            return "";
        }
        try (InputStream in = content.get().newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the request body of the offline priming run", e);
        }
    }
}
