package io.kubepark.apiserver.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The framing shared by log segments and snapshots: each record is a 4-byte big-endian payload length, the CRC32 of
 * the payload (4 bytes), then the payload, a JSON object.
 */
final class RecordFile {
    static final int HEADER = 8;

    private RecordFile() {}

    static ByteBuffer frame(ObjectNode record) {
        byte[] payload = Json.bytes(record);
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer buf = ByteBuffer.allocate(HEADER + payload.length);
        buf.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        return buf;
    }

    /** The records of a file, and what was wrong with its end, if anything. */
    record Contents(List<Entry> records, long validLength, Torn torn) {}

    /** One record and where it starts. */
    record Entry(long offset, ObjectNode node) {}

    /** An incomplete or damaged last record: what a crash in the middle of an append leaves. */
    record Torn(long offset, long bytes, String why) {}

    /** A damaged record with good data after it, or a payload that is not a record. */
    static final class CorruptException extends IOException {
        CorruptException(Path file, long offset, String why) {
            super(file + " is corrupt at offset " + offset + ": " + why);
        }
    }

    /**
     * Reads every record. A damaged record at the very end is reported as torn; one followed by more data fails
     * with the file and offset.
     */
    static Contents read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        List<Entry> records = new ArrayList<>();
        int pos = 0;
        while (pos < bytes.length) {
            int remaining = bytes.length - pos;
            if (remaining < HEADER) {
                return new Contents(records, pos, new Torn(pos, remaining, "incomplete record header"));
            }
            int length = buf.getInt(pos);
            int checksum = buf.getInt(pos + 4);
            if (length == 0 && zeros(bytes, pos)) {
                return new Contents(records, pos, new Torn(pos, remaining, "zero-filled end"));
            }
            if (length <= 0) {
                throw new CorruptException(file, pos, "record length " + length);
            }
            if (length > remaining - HEADER) {
                return new Contents(records, pos, new Torn(pos, remaining,
                        "incomplete record (" + length + " bytes announced, " + (remaining - HEADER) + " present)"));
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, pos + HEADER, length);
            int end = pos + HEADER + length;
            if ((int) crc.getValue() != checksum) {
                if (end == bytes.length) {
                    return new Contents(records, pos, new Torn(pos, remaining, "checksum mismatch in the last record"));
                }
                throw new CorruptException(file, pos, "checksum mismatch, and " + (bytes.length - end)
                        + " bytes of records follow");
            }
            JsonNode record;
            try {
                record = Json.MAPPER.readTree(bytes, pos + HEADER, length);
            } catch (IOException e) {
                throw new CorruptException(file, pos, "the record is not JSON (" + e.getMessage() + ")");
            }
            if (!(record instanceof ObjectNode o)) {
                throw new CorruptException(file, pos, "the record is not a JSON object");
            }
            records.add(new Entry(pos, o));
            pos = end;
        }
        return new Contents(records, pos, null);
    }

    private static boolean zeros(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
