;; CRC-64/XZ (OSS's x-oss-hash-crc64ecma) in WebAssembly: the hand-written source of the module
;; that src/crc64-wasm-module.ts holds as bytes. Regenerate that file after editing this one:
;;   pnpm --filter @ossbox/protocol run generate:crc64-wasm
;; (scripts/crc64-wasm.mjs assembles it with wabt's wat2wasm; a test fails while the two differ).
;;
;; The 64-bit CRC register is one i64, kept inverted (init and xorout all ones) by the caller, in
;; the reflected form where bit 0 is the coefficient of x^63. Byte-wise, a CRC step is
;;   reg = (reg >> 8) ^ T0[(reg ^ byte) & 0xff]
;; and slicing-by-8 does eight bytes at once with eight tables, Tk[n] = CRC step of byte n followed
;; by k zero bytes:
;;   w = reg ^ next 8 bytes (little-endian);  reg = T7[w byte 0] ^ T6[w byte 1] ^ ... ^ T0[w byte 7]
;; One such step has to finish before the next can start, so a single stream leaves most of the
;; CPU idle. Here four streams run over four adjacent 1 KiB segments of each 4 KiB block at once and
;; are joined at the end of the block: the CRC step is linear over GF(2), so the register after
;; segments A then B is  shift(register after A) ^ (register of B started from 0),  where shift
;; multiplies by x^(8 * 1024) mod P. That product is linear in the register too, so $shift reads it
;; from sixteen 16-entry tables, one per 4-bit digit of the register (built at start-up).
;;
;; Memory: the eight CRC tables (16 KiB) at 0, the shift tables (2 KiB) at 16384, the register at
;; 18432, the input buffer (64 KiB) at 65536; the caller copies input there and calls update with
;; its length.
(module
  (memory (export "memory") 2)
  (global (export "register") i32 (i32.const 18432))
  (global (export "input") i32 (i32.const 65536))
  (global (export "inputSize") i32 (i32.const 65536))
  
  ;; a * b mod P (reflected: bit 63 is x^0). P is ECMA-182's 0x42F0E1EBA9EA3693, reflected.
  (func $mulModP (param $a i64) (param $b i64) (result i64) (local $product i64) (local $bits i32)
    (local.set $bits (i32.const 64))
    (loop $bit
      ;; add b when a's lowest-degree coefficient (bit 63) is set
      (local.set $product (i64.xor (local.get $product)
        (i64.and (local.get $b) (i64.shr_s (local.get $a) (i64.const 63)))))
      (local.set $a (i64.shl (local.get $a) (i64.const 1)))
      ;; b *= x
      (local.set $b (i64.xor (i64.shr_u (local.get $b) (i64.const 1))
        (i64.and (i64.const 0xc96c5795d7870f42) (i64.sub (i64.const 0) (i64.and (local.get $b) (i64.const 1))))))
      (br_if $bit (local.tee $bits (i32.sub (local.get $bits) (i32.const 1)))))
    (local.get $product))

  ;; Builds the CRC and shift tables when the module is instantiated.
  (func $init (local $n i32) (local $crc i64) (local $bits i32) (local $at i32) (local $power i64)
    ;; T0[n]: eight bit steps of n
    (loop $entry
      (local.set $crc (i64.extend_i32_u (local.get $n)))
      (local.set $bits (i32.const 8))
      (loop $bit
        (local.set $crc (i64.xor (i64.shr_u (local.get $crc) (i64.const 1))
          (i64.and (i64.const 0xc96c5795d7870f42) (i64.sub (i64.const 0) (i64.and (local.get $crc) (i64.const 1))))))
        (br_if $bit (local.tee $bits (i32.sub (local.get $bits) (i32.const 1)))))
      (i64.store (i32.shl (local.get $n) (i32.const 3)) (local.get $crc))
      (br_if $entry (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 256))))
    ;; Tk[n] = one zero-byte step of T(k-1)[n], for T1..T7 (each table is 2048 bytes)
    (local.set $at (i32.const 2048))
    (loop $next
      (local.set $crc (i64.load (i32.sub (local.get $at) (i32.const 2048))))
      (i64.store (local.get $at) (i64.xor (i64.shr_u (local.get $crc) (i64.const 8))
        (i64.load (i32.shl (i32.and (i32.wrap_i64 (local.get $crc)) (i32.const 0xff)) (i32.const 3)))))
      (br_if $next (i32.lt_u (local.tee $at (i32.add (local.get $at) (i32.const 8))) (i32.const 16384))))
    ;; $power = x^(8 * 1024) = (x^8)^1024, by squaring; x^0 is bit 63, x^8 is bit 55
    (local.set $power (i64.const 0x8000000000000000))
    (local.set $crc (i64.const 0x0080000000000000))
    (local.set $n (i32.const 1024))
    (loop $square
      (if (i32.and (local.get $n) (i32.const 1))
        (then (local.set $power (call $mulModP (local.get $power) (local.get $crc)))))
      (local.set $crc (call $mulModP (local.get $crc) (local.get $crc)))
      (br_if $square (local.tee $n (i32.shr_u (local.get $n) (i32.const 1)))))
    ;; shift table of digit d (bits 4d..4d+3), entry v: (v << 4d) * $power, at 16384 + 128d + 8v
    (local.set $n (i32.const 0))
    (loop $digit
      (i64.store offset=16384 (i32.shl (local.get $n) (i32.const 3))
        (call $mulModP
          (i64.shl (i64.extend_i32_u (i32.and (local.get $n) (i32.const 15)))
                   (i64.extend_i32_u (i32.shl (i32.shr_u (local.get $n) (i32.const 4)) (i32.const 2))))
          (local.get $power)))
      (br_if $digit (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 256)))))

  ;; register * x^(8 * 1024) mod P, from the shift tables: the register moved past 1024 bytes.
  (func $shift (param $crc i64) (result i64) (local $at i32) (local $out i64)
    (loop $digit
      (local.set $out (i64.xor (local.get $out)
        (i64.load offset=16384 (i32.add (local.get $at)
          (i32.shl (i32.and (i32.wrap_i64 (local.get $crc)) (i32.const 15)) (i32.const 3))))))
      (local.set $crc (i64.shr_u (local.get $crc) (i64.const 4)))
      (br_if $digit (i32.lt_u (local.tee $at (i32.add (local.get $at) (i32.const 128))) (i32.const 2048))))
    (local.get $out))
  (start $init)

  ;; Runs the register at 18432 over the first $len bytes of the input buffer (0 <= $len <= 65536).
  ;; In each eight-byte step below, "byte k of w, times 8" (its table entry's offset) is
  ;; (w >> (8k - 3)) & 0x7f8, and table Tk is at offset 2048 * k.
  (func (export "update") (param $len i32)
    (local $p i32) (local $end i32) (local $q i32) (local $segmentEnd i32)
    (local $c0 i64) (local $c1 i64) (local $c2 i64) (local $c3 i64)
    (local $w0 i64) (local $w1 i64) (local $w2 i64) (local $w3 i64)
    (local.set $c0 (i64.load (i32.const 18432)))
    (local.set $p (i32.const 65536))
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    ;; 4 KiB blocks, four 1 KiB segments each, one step of each segment per iteration
    (block $blocksDone
      (loop $block
        (br_if $blocksDone (i32.lt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 4096)))
        (local.set $c1 (i64.const 0))
        (local.set $c2 (i64.const 0))
        (local.set $c3 (i64.const 0))
        (local.set $q (local.get $p))
        (local.set $segmentEnd (i32.add (local.get $p) (i32.const 1024)))
        (loop $step
        (local.set $w0 (i64.xor (local.get $c0) (i64.load offset=0 (local.get $q))))
        (local.set $w1 (i64.xor (local.get $c1) (i64.load offset=1024 (local.get $q))))
        (local.set $w2 (i64.xor (local.get $c2) (i64.load offset=2048 (local.get $q))))
        (local.set $w3 (i64.xor (local.get $c3) (i64.load offset=3072 (local.get $q))))
        (local.set $c0 (i64.xor
          (i64.xor (i64.xor (i64.load offset=14336 (i32.and (i32.shl (i32.wrap_i64 (local.get $w0)) (i32.const 3)) (i32.const 0x7f8)))
                            (i64.load offset=12288 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 5))) (i32.const 0x7f8))))
                   (i64.xor (i64.load offset=10240 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 13))) (i32.const 0x7f8)))
                            (i64.load offset=8192 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 21))) (i32.const 0x7f8)))))
          (i64.xor (i64.xor (i64.load offset=6144 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 29))) (i32.const 0x7f8)))
                            (i64.load offset=4096 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 37))) (i32.const 0x7f8))))
                   (i64.xor (i64.load offset=2048 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 45))) (i32.const 0x7f8)))
                            (i64.load offset=0 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 53))) (i32.const 0x7f8)))))))
        (local.set $c1 (i64.xor
          (i64.xor (i64.xor (i64.load offset=14336 (i32.and (i32.shl (i32.wrap_i64 (local.get $w1)) (i32.const 3)) (i32.const 0x7f8)))
                            (i64.load offset=12288 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w1) (i64.const 5))) (i32.const 0x7f8))))
                   (i64.xor (i64.load offset=10240 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w1) (i64.const 13))) (i32.const 0x7f8)))
                            (i64.load offset=8192 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w1) (i64.const 21))) (i32.const 0x7f8)))))
          (i64.xor (i64.xor (i64.load offset=6144 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w1) (i64.const 29))) (i32.const 0x7f8)))
                            (i64.load offset=4096 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w1) (i64.const 37))) (i32.const 0x7f8))))
                   (i64.xor (i64.load offset=2048 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w1) (i64.const 45))) (i32.const 0x7f8)))
                            (i64.load offset=0 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w1) (i64.const 53))) (i32.const 0x7f8)))))))
        (local.set $c2 (i64.xor
          (i64.xor (i64.xor (i64.load offset=14336 (i32.and (i32.shl (i32.wrap_i64 (local.get $w2)) (i32.const 3)) (i32.const 0x7f8)))
                            (i64.load offset=12288 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w2) (i64.const 5))) (i32.const 0x7f8))))
                   (i64.xor (i64.load offset=10240 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w2) (i64.const 13))) (i32.const 0x7f8)))
                            (i64.load offset=8192 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w2) (i64.const 21))) (i32.const 0x7f8)))))
          (i64.xor (i64.xor (i64.load offset=6144 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w2) (i64.const 29))) (i32.const 0x7f8)))
                            (i64.load offset=4096 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w2) (i64.const 37))) (i32.const 0x7f8))))
                   (i64.xor (i64.load offset=2048 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w2) (i64.const 45))) (i32.const 0x7f8)))
                            (i64.load offset=0 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w2) (i64.const 53))) (i32.const 0x7f8)))))))
        (local.set $c3 (i64.xor
          (i64.xor (i64.xor (i64.load offset=14336 (i32.and (i32.shl (i32.wrap_i64 (local.get $w3)) (i32.const 3)) (i32.const 0x7f8)))
                            (i64.load offset=12288 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w3) (i64.const 5))) (i32.const 0x7f8))))
                   (i64.xor (i64.load offset=10240 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w3) (i64.const 13))) (i32.const 0x7f8)))
                            (i64.load offset=8192 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w3) (i64.const 21))) (i32.const 0x7f8)))))
          (i64.xor (i64.xor (i64.load offset=6144 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w3) (i64.const 29))) (i32.const 0x7f8)))
                            (i64.load offset=4096 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w3) (i64.const 37))) (i32.const 0x7f8))))
                   (i64.xor (i64.load offset=2048 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w3) (i64.const 45))) (i32.const 0x7f8)))
                            (i64.load offset=0 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w3) (i64.const 53))) (i32.const 0x7f8)))))))
          (br_if $step (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 8))) (local.get $segmentEnd))))
        (local.set $c0 (i64.xor (call $shift (local.get $c0)) (local.get $c1)))
        (local.set $c0 (i64.xor (call $shift (local.get $c0)) (local.get $c2)))
        (local.set $c0 (i64.xor (call $shift (local.get $c0)) (local.get $c3)))
        (local.set $p (i32.add (local.get $p) (i32.const 4096)))
        (br $block)))
    ;; the rest: one stream, eight bytes a step
    (block $wordsDone
      (loop $word
        (br_if $wordsDone (i32.lt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 8)))
        (local.set $w0 (i64.xor (local.get $c0) (i64.load (local.get $p))))
        (local.set $c0 (i64.xor
          (i64.xor (i64.xor (i64.load offset=14336 (i32.and (i32.shl (i32.wrap_i64 (local.get $w0)) (i32.const 3)) (i32.const 0x7f8)))
                            (i64.load offset=12288 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 5))) (i32.const 0x7f8))))
                   (i64.xor (i64.load offset=10240 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 13))) (i32.const 0x7f8)))
                            (i64.load offset=8192 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 21))) (i32.const 0x7f8)))))
          (i64.xor (i64.xor (i64.load offset=6144 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 29))) (i32.const 0x7f8)))
                            (i64.load offset=4096 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 37))) (i32.const 0x7f8))))
                   (i64.xor (i64.load offset=2048 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 45))) (i32.const 0x7f8)))
                            (i64.load offset=0 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 53))) (i32.const 0x7f8)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $word)))
    ;; then byte by byte
    (block $bytesDone
      (loop $byte
        (br_if $bytesDone (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c0 (i64.xor (i64.shr_u (local.get $c0) (i64.const 8))
          (i64.load (i32.shl (i32.and (i32.xor (i32.wrap_i64 (local.get $c0)) (i32.load8_u (local.get $p))) (i32.const 0xff))
                             (i32.const 3)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $byte)))
    (i64.store (i32.const 18432) (local.get $c0)))
)
