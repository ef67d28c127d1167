package dev.stocktake.sql.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Writes a bucket-like folder of synthetic credential reports for the benchmark: {@code days} report days ending
 * on {@code lastDay}, {@code accounts} accounts of {@code users} IAM users each (plus the root row), in AWS's format.
 * Deterministic (fixed seed). Not a test: run through {@code sql-engine/bench/run.sh}.
 */
public final class GenerateReports {

    static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
            + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
            + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
            + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'");
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final String[] REGIONS = {"us-east-1", "eu-west-1", "ap-northeast-1"};
    private static final String[] SERVICES = {"s3", "sts", "ec2", "dynamodb"};

    private GenerateReports() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: GenerateReports <folder> <last day yyyy-MM-dd> <days> <accounts> <users>");
        }
        long files = generate(Path.of(args[0]), LocalDate.parse(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        System.out.println("wrote " + files + " report files under " + args[0]);
    }

    static long generate(Path folder, LocalDate lastDay, int days, int accounts, int users) {
        long files = 0;
        LocalDate firstDay = lastDay.minusDays(days - 1L);
        for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
            Path dayFolder = folder.resolve(DAY_PATH.format(day));
            try {
                Files.createDirectories(dayFolder);
                for (int account = 0; account < accounts; account++) {
                    String report = report(day, firstDay, account, users);
                    Path file = dayFolder.resolve("account%20" + account + "@" + String.format("%012d", 100000000000L + account)
                            + ".csv");
                    Files.writeString(file, report, StandardCharsets.UTF_8);
                    Files.setLastModifiedTime(file, FileTime.from(day.atTime(6, 0).toInstant(ZoneOffset.UTC)));
                    files++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static String report(LocalDate day, LocalDate firstDay, int account, int users) {
        String accountId = String.format("%012d", 100000000000L + account);
        StringBuilder csv = new StringBuilder(HEADER);
        csv.append("\n<root_account>,arn:aws:iam::").append(accountId).append(":root,2018-01-01T00:00:00+00:00,")
                .append("not_supported,no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,")
                .append("false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");
        LocalDateTime reportTime = day.atTime(6, 0);
        long dayIndex = day.toEpochDay() - firstDay.toEpochDay();
        for (int user = 0; user < users; user++) {
            SplittableRandom random = new SplittableRandom(account * 1_000L + user);
            // a tenth of the users is deleted at some point during the year: the console users decline
            long deletedOn = random.nextInt(10) == 0 ? random.nextInt(365) : Long.MAX_VALUE;
            if (dayIndex >= deletedOn) {
                continue;
            }
            LocalDateTime created = reportTime.minusDays(400 + random.nextInt(1500)).minusDays(dayIndex);
            boolean console = random.nextInt(3) > 0;
            boolean mfa = console && random.nextBoolean();
            boolean active = random.nextInt(4) > 0;
            String passwordUsed = !console ? "N/A" : active ? ISO.format(reportTime.minusHours(1 + random.nextInt(72)))
                    : random.nextBoolean() ? "no_information" : ISO.format(created.plusDays(10));
            csv.append('\n').append("user-").append(user).append(random.nextBoolean() ? "+ops@corp" : "")
                    .append(",arn:aws:iam::").append(accountId).append(":user/").append(user % 5 == 0 ? "service/" : "")
                    .append("user-").append(user).append(',').append(ISO.format(created)).append(',')
                    .append(console).append(',').append(passwordUsed).append(',')
                    .append(console ? ISO.format(created) : "N/A").append(",N/A,").append(mfa).append(',');
            appendKey(csv, random, reportTime, created, active);
            csv.append(',');
            if (random.nextInt(4) == 0) {
                appendKey(csv, random, reportTime, created, false);
            } else {
                csv.append("false,N/A,N/A,N/A,N/A");
            }
            csv.append(",false,N/A,false,N/A");
        }
        return csv.toString();
    }

    private static void appendKey(StringBuilder csv, SplittableRandom random, LocalDateTime reportTime,
                                  LocalDateTime created, boolean used) {
        if (random.nextInt(3) == 0) {
            csv.append("false,N/A,N/A,N/A,N/A");
            return;
        }
        csv.append("true,").append(ISO.format(created.plusDays(random.nextInt(300)))).append(',');
        if (used) {
            csv.append(ISO.format(reportTime.minusHours(1 + random.nextInt(48)))).append(',')
                    .append(REGIONS[random.nextInt(REGIONS.length)]).append(',')
                    .append(SERVICES[random.nextInt(SERVICES.length)]);
        } else {
            csv.append("N/A,N/A,N/A");
        }
    }
}
