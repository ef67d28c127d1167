package dev.stocktake.collector.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccountIdsTest {

    @Test
    void reads_the_account_from_the_invoked_function_arn() {
        assertThat(AccountIds.fromArn("arn:aws:lambda:eu-west-1:111122223333:function:stocktake-collector"))
                .isEqualTo("111122223333");
        assertThat(AccountIds.fromArn("arn:aws:lambda:eu-west-1:111122223333:function:stocktake-collector:7"))
                .isEqualTo("111122223333");
    }

    @Test
    void gives_null_for_arns_without_an_account_and_for_garbage() {
        assertThat(AccountIds.fromArn("arn:aws:s3:::bucket/key")).isNull();
        assertThat(AccountIds.fromArn("not-an-arn")).isNull();
        assertThat(AccountIds.fromArn(null)).isNull();
        assertThat(AccountIds.fromArn("arn:aws:lambda:eu-west-1:1234:function:x")).isNull();
    }

    @Test
    void knows_the_partition_for_the_organizations_endpoint() {
        assertThat(AccountIds.partitionOf("arn:aws-cn:iam::111122223333:role/x")).isEqualTo("aws-cn");
        assertThat(AccountIds.partitionOf("arn:aws:iam::111122223333:role/x")).isEqualTo("aws");
    }
}
