package dev.stocktake.collector.report;

import dev.stocktake.report.CredentialReport;

import dev.stocktake.report.ReportFormat;

import dev.stocktake.support.aws.AwsErrors;

import dev.stocktake.collector.CollectionException;
import dev.stocktake.collector.CollectionException.Reason;
import dev.stocktake.collector.CollectionException.Step;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CredentialReportExpiredException;
import software.amazon.awssdk.services.iam.model.CredentialReportNotPresentException;
import software.amazon.awssdk.services.iam.model.CredentialReportNotReadyException;
import software.amazon.awssdk.services.iam.model.GenerateCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ReportFormatType;
import software.amazon.awssdk.services.iam.model.ReportStateType;

/**
 * Generates the account's credential report and fetches it, through every state and error IAM
 * documents: {@code STARTED}/{@code INPROGRESS} (wait), {@code COMPLETE} (fetch),
 * {@code ReportInProgress} (wait), {@code ReportNotPresent} and {@code ReportExpired} (generate
 * again), {@code LimitExceeded} (no capacity for a new generation task: wait), throttling and
 * 5xx (wait). Every wait is bounded by the deadline.
 */
public final class CredentialReportFetcher {

    private final IamClient iam;

    public CredentialReportFetcher(IamClient iam) {
        this.iam = iam;
    }

    public CredentialReport fetch(String accountId, Deadline deadline, Retrier retrier) {
        int attempt = 0;
        boolean generated = false;
        while (true) {
            if (!generated) {
                GenerateCredentialReportResponse generation;
                try {
                    generation = iam.generateCredentialReport();
                } catch (LimitExceededException e) {
                    retrier.pause(CollectionException.giveUp(accountId, Step.GENERATE_REPORT), attempt++, deadline, AwsErrors.describe(e), e);
                    continue;
                } catch (SdkException e) {
                    if (!AwsErrors.isTransient(e)) {
                        throw failure(accountId, Step.GENERATE_REPORT, e);
                    }
                    retrier.pause(CollectionException.giveUp(accountId, Step.GENERATE_REPORT), attempt++, deadline, AwsErrors.describe(e), e);
                    continue;
                }
                if (generation.state() != ReportStateType.COMPLETE) {
                    // STARTED or INPROGRESS: IAM wants GenerateCredentialReport called again until COMPLETE.
                    retrier.pause(CollectionException.giveUp(accountId, Step.GENERATE_REPORT), attempt++, deadline,
                            "report generation " + generation.stateAsString(), null);
                    continue;
                }
                generated = true;
            }
            GetCredentialReportResponse response;
            try {
                response = iam.getCredentialReport();
            } catch (CredentialReportNotReadyException e) {
                retrier.pause(CollectionException.giveUp(accountId, Step.GET_REPORT), attempt++, deadline, AwsErrors.describe(e), e);
                continue;
            } catch (CredentialReportNotPresentException | CredentialReportExpiredException e) {
                generated = false;
                retrier.pause(CollectionException.giveUp(accountId, Step.GET_REPORT), attempt++, deadline, AwsErrors.describe(e), e);
                continue;
            } catch (SdkException e) {
                if (!AwsErrors.isTransient(e)) {
                    throw failure(accountId, Step.GET_REPORT, e);
                }
                retrier.pause(CollectionException.giveUp(accountId, Step.GET_REPORT), attempt++, deadline, AwsErrors.describe(e), e);
                continue;
            }
            if (response.reportFormat() != null && response.reportFormat() != ReportFormatType.TEXT_CSV) {
                throw new CollectionException(accountId, Step.VALIDATE_REPORT, Reason.NOT_A_REPORT,
                        "GetCredentialReport returned format '" + response.reportFormatAsString()
                                + "', expected text/csv. Nothing was written.", null);
            }
            byte[] content = response.content() == null ? new byte[0] : response.content().asByteArrayUnsafe();
            String problem = ReportFormat.problem(content);
            if (problem != null) {
                throw new CollectionException(accountId, Step.VALIDATE_REPORT, Reason.NOT_A_REPORT,
                        "GetCredentialReport returned something that is not a credential report: " + problem
                                + ". Nothing was written.", null);
            }
            if (response.generatedTime() == null) {
                throw new CollectionException(accountId, Step.VALIDATE_REPORT, Reason.NOT_A_REPORT,
                        "GetCredentialReport returned a report without a GeneratedTime. Nothing was written.", null);
            }
            return new CredentialReport(content, response.generatedTime());
        }
    }

    private static CollectionException failure(String accountId, Step step, SdkException e) {
        return new CollectionException(accountId, step, Reason.AWS_ERROR,
                AwsErrors.describe(e) + ". Check that the collector role may call iam:GenerateCredentialReport and "
                        + "iam:GetCredentialReport. Nothing was written.", e);
    }
}
