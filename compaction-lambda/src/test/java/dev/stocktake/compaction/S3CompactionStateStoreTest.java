package dev.stocktake.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.sql.compaction.CompactionException;
import dev.stocktake.sql.compaction.CompactionState;
import software.amazon.awssdk.core.sync.RequestBody;

/** The compaction state as an S3 object (the emulator): absent, written and read back, unreadable. */
class S3CompactionStateStoreTest extends S3BucketTest {

    static final String BUCKET = "stocktake-compaction-state";
    static final String KEY = "compaction/state.json";

    S3CompactionStateStore store;

    @Override
    String bucket() {
        return BUCKET;
    }

    @BeforeEach
    void setUp() {
        store = new S3CompactionStateStore(viaProxy, BUCKET, KEY);
    }

    @Test
    void no_object_yet_reads_as_nothing_compacted() {
        assertThat(store.read()).isEmpty();
    }

    @Test
    void a_missing_object_is_found_by_listing_its_key_so_reading_it_needs_no_bucket_wide_list() {
        // another object sharing the key as a prefix is not the state
        s3.putObject(request -> request.bucket(BUCKET).key(KEY + ".bak"), RequestBody.fromString("{\"months\": []}"));
        // a GetObject would answer 403 here, as S3 does for a principal that may list its own prefixes only
        proxy.failAlways("s3:GetObject", Fault.accessDenied("Access Denied"));

        assertThat(store.read()).isEmpty();
    }

    @Test
    void a_refused_listing_fails_naming_the_permission() {
        proxy.failAlways("s3:ListObjects", Fault.accessDenied("Access Denied"));

        assertThatThrownBy(() -> store.read())
                .isInstanceOf(CompactionException.class)
                .hasMessageStartingWith("cannot read the compaction state s3://" + BUCKET + "/" + KEY
                        + ": AccessDenied (HTTP 403): Access Denied.")
                .hasMessageContaining("s3:ListBucket on the bucket for its prefix");
    }

    @Test
    void a_written_state_reads_back_the_same_as_json() {
        CompactionState state = new CompactionState(List.of(
                new CompactionState.Month("2026-10", 279_000, 9_300, 31, "2026-11-04T02:10:00Z"),
                new CompactionState.Month("2026-09", 270_000, 9_000, 30, "2026-10-04T02:10:00Z")));

        store.write(state);

        assertThat(store.read()).contains(state);
        var object = s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(KEY));
        assertThat(object.response().contentType()).isEqualTo("application/json");
        assertThat(object.asUtf8String()).contains("\"month\" : \"2026-09\"").contains("\"rows\" : 279000");
        assertThat(store.location()).isEqualTo("s3://" + BUCKET + "/" + KEY);
    }

    @Test
    void a_corrupt_object_fails_naming_it_and_the_way_out() {
        s3.putObject(request -> request.bucket(BUCKET).key(KEY), RequestBody.fromString("{\"months\": [{\"month\": \"October\"}]}"));

        assertThatThrownBy(() -> store.read())
                .isInstanceOf(CompactionException.class)
                .hasMessageStartingWith("the compaction state s3://" + BUCKET + "/" + KEY + " is not valid (")
                .hasMessageContaining("Restore the object from its previous version");
    }

    @Test
    void an_unreadable_object_fails_naming_it_and_the_permissions() {
        store.write(CompactionState.EMPTY);
        proxy.failAlways("s3:GetObject", Fault.accessDenied("Access Denied"));

        assertThatThrownBy(() -> store.read())
                .isInstanceOf(CompactionException.class)
                .hasMessageStartingWith("cannot read the compaction state s3://" + BUCKET + "/" + KEY
                        + ": AccessDenied (HTTP 403): Access Denied.")
                .hasMessageContaining("s3:ListBucket");
    }

    @Test
    void a_failed_write_says_what_the_next_run_does() {
        proxy.failAlways("s3:PutObject", Fault.accessDenied("Access Denied"));

        assertThatThrownBy(() -> store.write(CompactionState.EMPTY))
                .isInstanceOf(CompactionException.class)
                .hasMessageStartingWith("cannot write the compaction state s3://" + BUCKET + "/" + KEY + ": AccessDenied")
                .hasMessageContaining("the next run copies them again");
    }
}
