import Foundation

/// Pictures for the demo's picture news (图片新闻): small landscapes drawn in code and written as
/// PNG (stored, uncompressed deflate), so the demo needs no image files and no image library.
enum DemoPictures {
    static let width = 200, height = 150

    /// A landscape: sky, sun and hills, in colours that vary with `variant`.
    static func landscape(_ variant: Int) -> Data {
        let hue = Double(variant % 6) / 6
        var pixels = [UInt8]()
        pixels.reserveCapacity((width * 3 + 1) * height)
        let sunX = Double(40 + (variant * 37) % 120), sunY = 38.0
        for y in 0..<height {
            pixels.append(0)  // filter: none
            for x in 0..<width {
                let fx = Double(x), fy = Double(y)
                let hill1 = 100 + 14 * sin(fx / 23 + Double(variant))
                let hill2 = 118 + 10 * sin(fx / 15 + Double(variant) * 2)
                var rgb: (Double, Double, Double)
                if fy > hill2 {
                    rgb = (0.25, 0.5 + 0.1 * sin(hue * 6), 0.22)
                } else if fy > hill1 {
                    rgb = (0.35, 0.62, 0.3)
                } else if (fx - sunX) * (fx - sunX) + (fy - sunY) * (fy - sunY) < 196 {
                    rgb = (1.0, 0.85, 0.35)
                } else {
                    let t = fy / 110
                    rgb = (0.35 + 0.4 * t + 0.15 * hue, 0.55 + 0.3 * t, 0.85 + 0.1 * t - 0.2 * hue)
                }
                pixels.append(UInt8(max(0, min(255, rgb.0 * 255))))
                pixels.append(UInt8(max(0, min(255, rgb.1 * 255))))
                pixels.append(UInt8(max(0, min(255, rgb.2 * 255))))
            }
        }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.append(bigEndian: UInt32(width)); header.append(bigEndian: UInt32(height))
        header.append(contentsOf: [8, 2, 0, 0, 0])  // 8 bits, RGB
        chunk("IHDR", header, into: &png)
        chunk("IDAT", zlibStored(pixels), into: &png)
        chunk("IEND", Data(), into: &png)
        return png
    }

    static func chunk(_ type: String, _ data: Data, into png: inout Data) {
        png.append(bigEndian: UInt32(data.count))
        let body = Data(type.utf8) + data
        png.append(body)
        png.append(bigEndian: crc32(body))
    }

    /// zlib with stored (uncompressed) deflate blocks.
    static func zlibStored(_ bytes: [UInt8]) -> Data {
        var out = Data([0x78, 0x01])
        var offset = 0
        repeat {
            let n = min(65_535, bytes.count - offset)
            let last = offset + n == bytes.count
            out.append(last ? 1 : 0)
            out.append(UInt8(n & 0xff)); out.append(UInt8(n >> 8))
            out.append(UInt8(~n & 0xff)); out.append(UInt8((~n >> 8) & 0xff))
            out.append(contentsOf: bytes[offset..<offset + n])
            offset += n
        } while offset < bytes.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        out.append(bigEndian: b << 16 | a)
        return out
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

extension Data {
    mutating func append(bigEndian value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)])
    }
}
