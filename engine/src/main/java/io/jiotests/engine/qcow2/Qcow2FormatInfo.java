package io.jiotests.engine.qcow2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The format-specific section of qemu-img info for a qcow2 image, in QEMU's key order. */
final class Qcow2FormatInfo {
    private Qcow2FormatInfo() {
    }

    static Map<String, Object> of(Qcow2State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        Qcow2Header h = s.header;
        m.put("compat", s.qcowVersion >= 3 ? "1.1" : "0.10");
        m.put("compression-type", h.compressionType == Qcow2Header.COMPRESSION_ZSTD ? "zstd" : "zlib");
        if (s.qcowVersion >= 3) {
            m.put("lazy-refcounts", (h.compatibleFeatures & Qcow2Header.COMPAT_LAZY_REFCOUNTS) != 0);
            List<Map<String, Object>> bitmapInfo = s.bitmaps.info();
            if (bitmapInfo != null) {
                m.put("bitmaps", bitmapInfo);
            }
        }
        m.put("refcount-bits", 1 << h.refcountOrder);
        if (s.crypto != null) {
            m.put("encrypt", s.crypto.info());
        }
        if (s.qcowVersion >= 3) {
            if (h.dataFile != null) {
                m.put("data-file", h.dataFile);
                m.put("data-file-raw", (h.autoclearFeatures & Qcow2Header.AUTOCLEAR_DATA_FILE_RAW) != 0);
            }
            m.put("corrupt", (h.incompatibleFeatures & Qcow2Header.INCOMPAT_CORRUPT) != 0);
            m.put("extended-l2", h.hasExtendedL2());
        }
        return m;
    }
}
