package dev.usher.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

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
