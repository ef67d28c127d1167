package dev.stocktake.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What {@link KeptEngine} and {@link KeptEngineServer} say to each other over the folder's Unix socket: the client
 * sends one {@link Request} as a line of JSON; the engine answers in frames (a type byte, a length, the bytes).
 */
final class EngineFrames {

    /**
     * Frames the engine sends: stderr and stdout as they are written (in chunks of at most about {@link #CHUNK}
     * characters, so a long result is never held whole), then the exit code, last. An engine only ever talks to the
     * CLI build it came from (the socket's key hashes the build), so the frames carry no version.
     */
    static final byte STDERR = 'E';
    static final byte STDOUT = 'O';
    static final byte EXIT = 'X';
    static final int CHUNK = 64 * 1024;

    static final ObjectMapper JSON = new ObjectMapper();

    /** What the client sends, as one line of JSON. */
    record Request(List<String> args, String cwd, boolean stderrTerminal, boolean stop) {
    }

    private EngineFrames() {
    }

    /** Sends {@code request} as one line of JSON. */
    static void send(SocketChannel channel, Request request) throws IOException {
        OutputStream toEngine = Channels.newOutputStream(channel);
        toEngine.write(JSON.writeValueAsBytes(request));
        toEngine.write('\n');
        toEngine.flush();
    }

    static void writeFrame(DataOutputStream to, byte type, byte[] bytes) throws IOException {
        synchronized (to) {
            to.writeByte(type);
            to.writeInt(bytes.length);
            to.write(bytes);
            to.flush();
        }
    }

    static byte[] frame(DataInputStream from) throws IOException {
        int length = from.readInt();
        if (length < 0) {
            throw new IOException("a frame of negative length");
        }
        return from.readNBytes(length);
    }

    /**
     * stdout or stderr written on the engine, sent to the client at each flush and whenever {@link #CHUNK} characters are
     * waiting.
     */
    static final class Frames extends Writer {
        private final DataOutputStream to;
        private final byte type;
        private final StringBuilder pending = new StringBuilder();

        Frames(DataOutputStream to, byte type) {
            this.to = to;
            this.type = type;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) throws IOException {
            pending.append(chars, offset, length);
            if (pending.length() >= CHUNK) {
                flush();
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (!pending.isEmpty()) {
                writeFrame(to, type, pending.toString().getBytes(StandardCharsets.UTF_8));
                pending.setLength(0);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
