package dev.stocktake.infra.scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ScheduledJavaFunctionPropsTest {

    private static ScheduledJavaFunctionProps.Builder complete() {
        return ScheduledJavaFunctionProps.builder()
                .functionName("stocktake-job")
                .description("a job")
                .handler("dev.example.Handler::handleRequest")
                .jar(Path.of("job.jar"))
                .logRetention(RetentionDays.ONE_MONTH)
                .scheduleName("stocktake-job-daily")
                .scheduleDescription("runs the job")
                .scheduleExpression("cron(0 3 * * ? *)")
                .timeZone("UTC")
                .deadLetterQueueName("stocktake-job-dlq")
                .errorsAlarmName("stocktake-job-errors")
                .errorsAlarmDescription("the job failed");
    }

    @Test
    void build_with_only_the_required_props_documents_its_defaults() {
        ScheduledJavaFunctionProps props = complete().build();

        assertThat(props.getMemorySize()).isEqualTo(512);
        assertThat(props.getTimeout().toSeconds()).isEqualTo(300);
        assertThat(props.getRetryAttempts()).isEqualTo(2);
        assertThat(props.getMaxEventAge().toSeconds()).isEqualTo(7200);
        assertThat(props.getErrorsAlarmPeriod().toSeconds()).isEqualTo(3600);
        assertThat(props.getRoleDescription()).isEqualTo("a job");
        assertThat(props.isSnapStart()).isFalse();
        assertThat(props.getFlexibleWindow()).isNull();
        assertThat(props.getScheduleInput()).isNull();
        assertThat(props.getDeadLetterAlarmName()).isNull();
        assertThat(props.getDeadLetterAlarmDescription())
                .isEqualTo("The schedule could not invoke stocktake-job (see the dead-letter queue stocktake-job-dlq)");
    }

    @Test
    void build_without_a_required_prop_fails_naming_the_function_and_the_prop() {
        assertThatThrownBy(() -> complete().handler(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stocktake-job: handler is required");
    }

    @Test
    void build_with_a_dead_letter_alarm_description_but_no_alarm_fails() {
        assertThatThrownBy(() -> complete().deadLetterAlarmDescription("undeliverable").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadLetterAlarmDescription is set without deadLetterAlarmName");
    }

    @Test
    void build_with_an_environment_key_but_no_environment_fails() {
        Key key = Key.Builder.create(new Stack(), "Key").build();
        assertThatThrownBy(() -> complete().environmentKey(key).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environmentKey is set but there is no environment to encrypt");
        assertThat(complete().environmentKey(key).environment(Map.of("A", "b")).build().getEnvironmentKey()).isSameAs(key);
    }

    @Test
    void build_with_values_outside_lambdas_and_the_schedulers_limits_fails() {
        assertThatThrownBy(() -> complete().timeout(Duration.minutes(16)).build())
                .hasMessageContaining("timeout must be 1 second to 15 minutes");
        assertThatThrownBy(() -> complete().flexibleWindow(Duration.hours(25)).build())
                .hasMessageContaining("flexibleWindow must be 1 to 1440 minutes");
        assertThatThrownBy(() -> complete().retryAttempts(186).build())
                .hasMessageContaining("retryAttempts must be 0 to 185");
        assertThatThrownBy(() -> complete().maxEventAge(Duration.days(2)).build())
                .hasMessageContaining("maxEventAge must be 1 minute to 24 hours");
        assertThatThrownBy(() -> complete().reservedConcurrency(0).build())
                .hasMessageContaining("reservedConcurrency must be at least 1");
        assertThatThrownBy(() -> complete().memorySize(64).build())
                .hasMessageContaining("memorySize must be 128 to 10240 MB");
    }
}
