package dev.usher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The layering the house style asks for, read from the sources themselves. */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/usher");
    private static final Pattern USE = Pattern.compile("\\bdev\\.usher\\.([a-z]+)\\.[A-Z]");

    @Test
    void no_two_feature_packages_depend_on_each_other_even_through_others() throws IOException {
        Map<String, Set<String>> uses = packageUses();
        List<String> cycles = new ArrayList<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from)) {
                if (reaches(uses, to, from)) {
                    cycles.add(from + " -> " + to);
                }
            }
        }
        assertThat(cycles).as("package dependencies " + uses).isEmpty();
    }

    @Test
    void sql_lives_only_in_stores_and_the_database() throws IOException {
        List<String> offenders = new ArrayList<>();
        Pattern sql = Pattern.compile("\"\"\"\\s*(SELECT|INSERT|UPDATE|DELETE)|\"(SELECT|INSERT|UPDATE|DELETE) ");
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith("Store.java") && !name.endsWith("Database.java") && sql.matcher(Files.readString(f)).find()) {
                    offenders.add(MAIN.relativize(f).toString());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void every_file_usher_writes_goes_through_the_durable_owner_only_writer() throws IOException {
        // DataFiles fsyncs the file, renames it into place and fsyncs the folder; a plain write or
        // move elsewhere would be the one a power cut leaves empty (issue 10, item 11).
        Pattern write = Pattern.compile("Files\\.(write|writeString|move|newOutputStream|newBufferedWriter|createDirector|createFile|copy)\\b"
                + "|new FileOutputStream|FileChannel\\.open");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("store/DataFiles.java")).toList()) {
                Matcher m = write.matcher(Files.readString(f));
                while (m.find()) {
                    offenders.add(MAIN.relativize(f) + ": " + m.group());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    /** Feature package -> the feature packages its sources name (the root package wires them all). */
    private static Map<String, Set<String>> packageUses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = MAIN.relativize(f);
                if (rel.getNameCount() < 2) {
                    continue;
                }
                String pkg = rel.getName(0).toString();
                Set<String> mine = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        mine.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target) {
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        Set<String> seen = new TreeSet<>();
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (p.equals(target)) {
                return true;
            }
            if (seen.add(p)) {
                todo.addAll(uses.getOrDefault(p, Set.of()));
            }
        }
        return false;
    }
}
