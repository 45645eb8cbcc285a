package dev.usher.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every file Usher writes into the data folder that must survive (the signing key, the admin
 * token, TLS material) goes through here: readable by the owner alone from the moment it exists,
 * on disk before it gets its name, and its name on disk before the caller goes on. A power cut
 * then leaves either the old file or the new one, never an empty one.
 */
public final class DataFiles {
    private DataFiles() {
    }

    /** Writes {@code content} to {@code target}, replacing it atomically and durably. */
    public static void writeDurably(Path target, byte[] content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        createPrivateFolder(folder);
        Path tmp = folder.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(false))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(folder);
    }

    /** Creates {@code folder} (and its parents) if missing; a folder Usher creates is the owner's alone. */
    public static void createPrivateFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Path parent = folder.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(folder, ownerOnly(true));
        } catch (FileAlreadyExistsException e) {
            // Made meanwhile by another start: fine.
        }
    }

    /**
     * Creates an empty file readable by the owner alone, unless it exists. SQLite gives a
     * database's {@code -wal} and {@code -shm} files the permissions of the database file, so
     * creating {@code usher.db} this way protects them too.
     */
    public static void createPrivateFile(Path file) throws IOException {
        createPrivateFolder(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, ownerOnly(false));
            syncFolder(file.toAbsolutePath().getParent());
        } catch (FileAlreadyExistsException e) {
            // Already there: its content is what matters.
        }
    }

    /** Creates an empty owner-only file; fails if the name is taken, so nothing of someone else's is touched. */
    public static void createNewPrivateFile(Path file) throws IOException {
        createPrivateFolder(file.toAbsolutePath().getParent());
        Files.createFile(file, ownerOnly(false));
    }

    /**
     * A data folder from before Usher made everything owner-only: takes group and other access
     * away from the folder and the files directly in it. Returns the names it changed.
     */
    public static List<String> tighten(Path folder) throws IOException {
        List<String> changed = new ArrayList<>();
        if (isWindows() || !Files.isDirectory(folder)) {
            return changed;
        }
        if (restrict(folder, PosixFilePermissions.fromString("rwx------"))) {
            changed.add(folder.toString());
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                boolean isFolder = Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS);
                if ((isFolder || Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                        && restrict(f, PosixFilePermissions.fromString(isFolder ? "rwx------" : "rw-------"))) {
                    changed.add(f.getFileName().toString());
                }
            }
        }
        return changed;
    }

    private static boolean restrict(Path p, Set<PosixFilePermission> wanted) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> kept = EnumSet.noneOf(PosixFilePermission.class);
        kept.addAll(now);
        kept.retainAll(wanted);
        if (kept.equals(now)) {
            return false;
        }
        Files.setPosixFilePermissions(p, kept);
        return true;
    }

    /** Makes a rename or a new file in {@code folder} durable: the folder's entry list is data too. */
    static void syncFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (!isWindows()) {
                throw e;
            }
            // Windows cannot open a folder as a file; NTFS journals the rename itself.
        }
    }

    private static FileAttribute<?>[] ownerOnly(boolean folder) {
        if (isWindows()) {
            // Not POSIX: the data folder's own permissions protect it.
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(folder ? "rwx------" : "rw-------"))};
    }

    private static boolean isWindows() {
        return !Path.of("").getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
