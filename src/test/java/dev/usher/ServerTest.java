package dev.usher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A fresh server with its own data folder for every test method. */
public abstract class ServerTest {
    @TempDir
    protected Path data;
    protected TestServer server;

    @BeforeEach
    void startServer() {
        server = TestServer.start(data);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
