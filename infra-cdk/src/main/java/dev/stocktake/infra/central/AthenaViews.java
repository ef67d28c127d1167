package dev.stocktake.infra.central;

import dev.stocktake.infra.nag.Nag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;
import software.constructs.IDependable;

/**
 * Creates athena-sql's views in Athena: one custom resource per view, each running its
 * {@code CREATE OR REPLACE VIEW} in the workgroup with the database as context, in creation order.
 *
 * <p>{@code StartQueryExecution} is asynchronous, so the handler polls {@code GetQueryExecution}
 * until the query ends and fails the custom resource with Athena's {@code StateChangeReason} when it
 * did not succeed: a broken view fails the deployment (and rolls it back) instead of leaving a
 * missing view behind. Deleting the resource drops the view; a failed drop is logged but does not
 * block the stack's deletion.
 */
public final class AthenaViews extends Construct {
    /** The handler: Python from the Lambda runtime only (boto3), so it can be inline. */
    static final String HANDLER_CODE = """
            import json, time, urllib.request
            import boto3

            athena = boto3.client('athena')

            def run(sql, props, context):
                qid = athena.start_query_execution(
                    QueryString=sql, WorkGroup=props['WorkGroup'],
                    QueryExecutionContext={'Database': props['Database']})['QueryExecutionId']
                while context.get_remaining_time_in_millis() > 15000:
                    status = athena.get_query_execution(QueryExecutionId=qid)['QueryExecution']['Status']
                    if status['State'] == 'SUCCEEDED':
                        return
                    if status['State'] in ('FAILED', 'CANCELLED'):
                        raise RuntimeError('query %s %s: %s' % (qid, status['State'], status.get('StateChangeReason', '')))
                    time.sleep(2)
                raise RuntimeError('query %s did not finish in time' % qid)

            def respond(event, status, physical_id, reason):
                body = json.dumps({'Status': status, 'Reason': reason[:3000], 'PhysicalResourceId': physical_id,
                                   'StackId': event['StackId'], 'RequestId': event['RequestId'],
                                   'LogicalResourceId': event['LogicalResourceId']}).encode()
                request = urllib.request.Request(event['ResponseURL'], data=body, method='PUT',
                                                 headers={'Content-Type': '', 'Content-Length': str(len(body))})
                urllib.request.urlopen(request, timeout=30)

            def handler(event, context):
                props = event['ResourceProperties']
                view = props['ViewName']
                try:
                    if event['RequestType'] == 'Delete':
                        try:
                            run('DROP VIEW IF EXISTS "%s"' % view, props, context)
                        except Exception as e:
                            print(json.dumps({'event': 'drop_view_failed', 'view': view, 'error': str(e)}))
                    else:
                        run(props['Sql'], props, context)
                    respond(event, 'SUCCESS', view, 'view ' + view)
                except Exception as e:
                    print(json.dumps({'event': 'view_failed', 'view': view, 'error': str(e)}))
                    respond(event, 'FAILED', event.get('PhysicalResourceId', view), 'view %s: %s' % (view, e))
            """;

    private final List<CustomResource> views = new ArrayList<>();

    public AthenaViews(Construct scope, String id, AthenaViewsProps props) {
        super(scope, id);
        if (props.getViews().isEmpty()) {
            return;
        }
        Stack stack = Stack.of(this);
        String databaseName = props.getDatabaseName();
        IBucket results = props.getResultsBucket();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(props.getLogRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Creates Stocktake's Athena views")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution"))
                .resources(List.of(props.getWorkGroupArn()))
                .build());
        String glue = "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount();
        // Reading: Athena resolves every table and view a view's SQL names, so the handler may read the database's
        // tables. Writing: CREATE OR REPLACE VIEW and DROP VIEW touch the views this construct owns, by name, and no
        // other table (credential_reports, the Parquet copy, the directory and allowlist tables stay out of reach).
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadCatalog")
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables"))
                .resources(List.of(glue + ":catalog", glue + ":database/" + databaseName,
                        glue + ":table/" + databaseName + "/*"))
                .build());
        List<String> ownViews = new ArrayList<>(List.of(glue + ":catalog", glue + ":database/" + databaseName));
        props.getViews().forEach(v -> ownViews.add(glue + ":table/" + databaseName + "/" + v.name()));
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnViewsOnly")
                .actions(List.of("glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable"))
                .resources(ownViews)
                .build());
        // What Athena needs on the buckets to run the statements as this handler. Hand-written: Bucket.grantReadWrite
        // and grantRead would add s3:GetObject*, s3:List*, s3:DeleteObject* and, with the key, more KMS actions.
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:GetObject", "s3:PutObject",
                        "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"))
                .resources(List.of(results.getBucketArn(), results.arnForObjects("*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucket"))
                .resources(List.of(props.getReportBucket().getBucketArn()))
                .build());
        if (props.getKey() != null) {
            props.getKey().grant(role, "kms:Decrypt", "kms:GenerateDataKey");
        }
        logs.grantWrite(role);
        Function handler = Function.Builder.create(this, "Handler")
                .runtime(Runtime.PYTHON_3_14)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromInline(HANDLER_CODE))
                .timeout(Duration.minutes(5))
                .memorySize(256)
                .role(role)
                .logGroup(logs)
                .description("Runs CREATE OR REPLACE VIEW for Stocktake's Athena views and waits for the result")
                .build();
        Nag.acknowledge(this, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(results) + ".Arn>/*]",
                "Athena writes query results under generated keys of the dedicated results bucket.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:" + Nag.region(stack) + ":" + Nag.account(stack) + ":table/"
                        + databaseName + "/*]",
                "Read only (GetTable, GetTables): Athena resolves every table a view names; creating, replacing and dropping is limited to the views of athena-sql by name.");
        IDependable previous = null;
        for (SqlFiles.SqlFile view : props.getViews()) {
            CustomResource resource = CustomResource.Builder.create(this, "View-" + view.name())
                    .serviceToken(handler.getFunctionArn())
                    .resourceType("Custom::AthenaView")
                    .properties(Map.of(
                            "WorkGroup", props.getWorkGroupName(),
                            "Database", databaseName,
                            "ViewName", view.name(),
                            "Sql", view.sql()))
                    .build();
            props.getAfter().forEach(d -> resource.getNode().addDependency(d));
            if (previous != null) {
                resource.getNode().addDependency(previous);
            }
            previous = resource;
            this.views.add(resource);
        }
    }

    /** The custom resources, one per view, in creation order. */
    public List<CustomResource> views() {
        return List.copyOf(views);
    }
}
