package dev.stocktake.support.storage;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateOrReplaceTest {

    /** A key in a bucket that answers conditional writes the way S3 does, with a hook to change it between calls. */
    private static final class Key {
        String eTag;
        int version;
        final List<String> calls = new ArrayList<>();
        final Deque<Runnable> beforeNextCall = new ArrayDeque<>();

        String put(String ifNoneMatch, String ifMatch) {
            calls.add(ifNoneMatch != null ? "put if-none-match " + ifNoneMatch : "put if-match " + ifMatch);
            interfere();
            if ("*".equals(ifNoneMatch) && eTag != null || ifMatch != null && !ifMatch.equals(eTag)) {
                return null;
            }
            eTag = "etag-" + ++version;
            return eTag;
        }

        String head() {
            calls.add("head");
            interfere();
            return eTag;
        }

        private void interfere() {
            Runnable change = beforeNextCall.poll();
            if (change != null) {
                change.run();
            }
        }
    }

    @Test
    void creates_a_new_key_in_one_call() {
        Key key = new Key();

        CreateOrReplace.Written written = CreateOrReplace.write(5, key::put, key::head).orElseThrow();

        assertThat(written).isEqualTo(new CreateOrReplace.Written(CreateOrReplace.Outcome.CREATED, "etag-1", 1));
        assertThat(key.calls).containsExactly("put if-none-match *");
    }

    @Test
    void replaces_exactly_the_version_it_read() {
        Key key = new Key();
        key.eTag = "etag-7";
        key.version = 7;

        CreateOrReplace.Written written = CreateOrReplace.write(5, key::put, key::head).orElseThrow();

        assertThat(written).isEqualTo(new CreateOrReplace.Written(CreateOrReplace.Outcome.REPLACED, "etag-8", 2));
        assertThat(key.calls).containsExactly("put if-none-match *", "head", "put if-match etag-7");
    }

    @Test
    void decides_again_when_the_key_vanishes_or_changes_in_between() {
        Key key = new Key();
        key.eTag = "etag-1";
        key.version = 1;
        key.beforeNextCall.add(() -> { });                  // put: 412
        key.beforeNextCall.add(() -> key.eTag = null);      // head: gone
        key.beforeNextCall.add(() -> key.eTag = "etag-2");  // put: created by another run just before ours: 412
        key.beforeNextCall.add(() -> { });                  // head: etag-2
        key.beforeNextCall.add(() -> key.eTag = "etag-3");  // put if-match etag-2: changed again: 412

        CreateOrReplace.Written written = CreateOrReplace.write(5, key::put, key::head).orElseThrow();

        assertThat(written.outcome()).isEqualTo(CreateOrReplace.Outcome.REPLACED);
        assertThat(key.calls).containsExactly("put if-none-match *", "head", "put if-none-match *", "head",
                "put if-match etag-2", "put if-none-match *", "head", "put if-match etag-3");
        assertThat(written.attempts()).isEqualTo(5);
    }

    @Test
    void gives_up_after_the_number_of_decisions_and_writes_nothing_over_the_other_run() {
        Key key = new Key();
        key.eTag = "etag-1";
        for (int i = 0; i < 10; i++) {
            int next = i + 2;
            key.beforeNextCall.add(() -> { });                       // put: 412
            key.beforeNextCall.add(() -> { });                       // head: the current version
            key.beforeNextCall.add(() -> key.eTag = "etag-" + next); // put if-match: another run wrote in between
        }

        assertThat(CreateOrReplace.write(3, key::put, key::head)).isEmpty();
        assertThat(key.calls).filteredOn(call -> call.startsWith("put")).hasSize(6);
        assertThat(key.eTag).isEqualTo("etag-4"); // the other run's version stays
    }

    @Test
    void needs_at_least_one_decision() {
        Key key = new Key();
        assertThatThrownBy(() -> CreateOrReplace.write(0, key::put, key::head))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    @Test
    void a_412_is_a_failed_condition_and_a_409_or_a_throttle_is_worth_a_retry() {
        AwsServiceException precondition = AwsServiceException.builder().statusCode(412).message("PreconditionFailed").build();
        AwsServiceException conflict = AwsServiceException.builder().statusCode(409).message("ConditionalRequestConflict").build();
        AwsServiceException denied = AwsServiceException.builder().statusCode(403).message("AccessDenied").build();

        assertThat(CreateOrReplace.preconditionFailed(precondition)).isTrue();
        assertThat(CreateOrReplace.preconditionFailed(conflict)).isFalse();
        assertThat(CreateOrReplace.retryableWrite(conflict)).isTrue();
        assertThat(CreateOrReplace.retryableWrite(precondition)).isFalse();
        assertThat(CreateOrReplace.retryableWrite(denied)).isFalse();
        assertThat(CreateOrReplace.retryableWrite(SdkClientException.create("connection reset"))).isTrue();
    }
}
