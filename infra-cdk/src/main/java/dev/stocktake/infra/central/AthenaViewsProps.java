package dev.stocktake.infra.central;

import java.util.List;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.IDependable;

/**
 * What {@link AthenaViews} creates the views from and with. Read-only; built with {@link #builder()}, which fails with
 * a message naming the property when one is missing.
 */
public final class AthenaViewsProps {
    private final List<SqlFiles.SqlFile> views;
    private final String workGroupName;
    private final String workGroupArn;
    private final String databaseName;
    private final RetentionDays logRetention;
    private final IBucket reportBucket;
    private final IBucket resultsBucket;
    private final IKey key;
    private final List<IDependable> after;

    private AthenaViewsProps(Builder b) {
        views = List.copyOf(b.views);
        workGroupName = b.workGroupName;
        workGroupArn = b.workGroupArn;
        databaseName = b.databaseName;
        logRetention = b.logRetention;
        reportBucket = b.reportBucket;
        resultsBucket = b.resultsBucket;
        key = b.key;
        after = List.copyOf(b.after);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The views in creation order. Required; empty creates nothing. */
    public List<SqlFiles.SqlFile> getViews() {
        return views;
    }

    /** The workgroup each view's statement runs in. Required. */
    public String getWorkGroupName() {
        return workGroupName;
    }

    /** That workgroup's ARN (the handler may run and read queries there only). Required. */
    public String getWorkGroupArn() {
        return workGroupArn;
    }

    /** The Glue database the views belong to (the statements' context). Required. */
    public String getDatabaseName() {
        return databaseName;
    }

    /** How long the handler's logs are kept. Required. */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /** The report bucket, which Athena locates and lists to check the views' tables. Required. */
    public IBucket getReportBucket() {
        return reportBucket;
    }

    /** The workgroup's results bucket, where Athena writes each statement's result. Required. */
    public IBucket getResultsBucket() {
        return resultsBucket;
    }

    /** The key of both buckets. Default: null, S3-managed encryption. */
    public IKey getKey() {
        return key;
    }

    /** What every view needs first (the tables, the workgroup). Default: nothing. */
    public List<IDependable> getAfter() {
        return after;
    }

    public static final class Builder {
        private List<SqlFiles.SqlFile> views;
        private String workGroupName;
        private String workGroupArn;
        private String databaseName;
        private RetentionDays logRetention;
        private IBucket reportBucket;
        private IBucket resultsBucket;
        private IKey key;
        private List<IDependable> after = List.of();

        private Builder() {
        }

        public Builder views(List<SqlFiles.SqlFile> views) {
            this.views = views;
            return this;
        }

        public Builder workGroupName(String workGroupName) {
            this.workGroupName = workGroupName;
            return this;
        }

        public Builder workGroupArn(String workGroupArn) {
            this.workGroupArn = workGroupArn;
            return this;
        }

        public Builder databaseName(String databaseName) {
            this.databaseName = databaseName;
            return this;
        }

        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        public Builder reportBucket(IBucket reportBucket) {
            this.reportBucket = reportBucket;
            return this;
        }

        public Builder resultsBucket(IBucket resultsBucket) {
            this.resultsBucket = resultsBucket;
            return this;
        }

        public Builder key(IKey key) {
            this.key = key;
            return this;
        }

        public Builder after(List<? extends IDependable> after) {
            this.after = List.copyOf(after);
            return this;
        }

        /** The props; throws {@link IllegalArgumentException} naming the first missing property. */
        public AthenaViewsProps build() {
            require("views", views);
            require("workGroupName", workGroupName);
            require("workGroupArn", workGroupArn);
            require("databaseName", databaseName);
            require("logRetention", logRetention);
            require("reportBucket", reportBucket);
            require("resultsBucket", resultsBucket);
            return new AthenaViewsProps(this);
        }

        private static void require(String name, Object value) {
            if (value == null) {
                throw new IllegalArgumentException("Athena views: " + name + " is required");
            }
        }
    }
}
