;; Hot loops of the CPU engines in WebAssembly with 128-bit SIMD: about 4x faster normals
;; and 3.4x faster tanh than the JavaScript versions (fillNormals, Math.tanh) in V8. Built
;; with wabt's `wat2wasm` by build-wasm.mjs beside this file into kernels-wasm.ts (committed;
;; only rebuilding needs wabt).
;;
;; One file of ~350 lines: a WebAssembly module is one text file, and its three kernels share
;; the memory layout, the tables and the Philox rounds below.
;;
;; normals: the standard normals of one row at (seed, network, purpose, layer, row): the same
;;   Philox4x32-10 words as src/random (counter (block, row, layer, purpose), key (seed,
;;   network); four blocks in the four i32 lanes) and the same Box-Muller pairing (lanes (0,1)
;;   and (2,3) of each block). log follows fdlibm's e_log.c; cos/sin of the angle are a table
;;   of 256 points (computed at instantiation by fdlibm's kernels) turned by the short remainder.
;;   Values agree with fillNormals to a few ulp, not bit for bit; WebAssembly float arithmetic
;;   is exactly IEEE, so they are the same on every engine and machine (JavaScript's Math.cos is
;;   not specified).
;; tanh: tanh(scale x) in place, within 2 ulp of the exact value; returns the sum of squares
;;   of the results.
;; sumSquares: sum of x^2 over count f64 (two lanes, then the odd one).
;;
;; Constants live in mutable globals (never written) that each function reads into locals
;; before its loop: V8 rebuilds a v128.const or a splat of a constant at every use inside a
;; loop (three instructions each), which made the loops 2-3x slower; a local holding a global's
;; value stays in a register or a stack slot.
(module
  (memory (export "memory") 1)

  (global $ONE (mut v128) (v128.const f64x2 1 1))
  (global $TWO (mut v128) (v128.const f64x2 2 2))
  (global $THREE (mut v128) (v128.const f64x2 3 3))
  (global $HALF (mut v128) (v128.const f64x2 0.5 0.5))
  (global $MINUS_TWO (mut v128) (v128.const f64x2 -2 -2))
  (global $SIGN (mut v128) (v128.const i64x2 0x8000000000000000 0x8000000000000000))
  (global $LANE0 (mut v128) (v128.const i64x2 -1 0))
  (global $I1 (mut v128) (v128.const i64x2 1 1))
  (global $I1023 (mut v128) (v128.const i64x2 1023 1023))
  ;; 1.5 * 2^52: adding it rounds to a whole number (ties to even) that sits in the low bits.
  (global $ROUNDER (mut v128) (v128.const f64x2 6755399441055744 6755399441055744))
  (global $LN2_HI (mut v128) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))
  (global $LN2_LO (mut v128) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))
  (global $INV_LN2 (mut v128) (v128.const f64x2 1.4426950408889634 1.4426950408889634))
  (global $TANH_CLAMP (mut v128) (v128.const f64x2 22 22))
  ;; Pade [7/7] of e^r: N(r) = E(r^2) + r O(r^2), D = N(-r) = E - r O, with both E and O
  ;; scaled by 15/16 (which cancels in N/D): E then lies in [0.94, 0.99] and O in [0.47, 0.48],
  ;; just under powers of two, where rounding costs half the relative error it costs just above
  ;; (unscaled, E ~ 1 and O ~ 1/2): max error 1.8 ulp instead of 2.9.
  (global $E0 (mut v128) (v128.const f64x2 0.9375 0.9375))
  (global $E1 (mut v128) (v128.const f64x2 0.10817307692307693 0.10817307692307693))
  (global $E2 (mut v128) (v128.const f64x2 0.0013658216783216783 0.0013658216783216783))
  (global $E3 (mut v128) (v128.const f64x2 3.035159285159285e-06 3.035159285159285e-06))
  (global $O0 (mut v128) (v128.const f64x2 0.46875 0.46875))
  (global $O1 (mut v128) (v128.const f64x2 0.015024038461538462 0.015024038461538462))
  (global $O2 (mut v128) (v128.const f64x2 8.19493006993007e-05 8.19493006993007e-05))
  (global $O3 (mut v128) (v128.const f64x2 5.419927294927295e-08 5.419927294927295e-08))
  ;; Philox4x32 multipliers and Weyl key increments.
  (global $PHILOX_M0 (mut v128) (v128.const i32x4 0xD2511F53 0xD2511F53 0xD2511F53 0xD2511F53))
  (global $PHILOX_M1 (mut v128) (v128.const i32x4 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57))
  (global $PHILOX_W0 (mut v128) (v128.const i32x4 0x9E3779B9 0x9E3779B9 0x9E3779B9 0x9E3779B9))
  (global $PHILOX_W1 (mut v128) (v128.const i32x4 0xBB67AE85 0xBB67AE85 0xBB67AE85 0xBB67AE85))
  ;; Box-Muller: 2^-32 (word to (0, 1)), 2 pi, and the bit masks of fdlibm's log reduction.
  (global $TWO_M32 (mut v128) (v128.const f64x2 2.3283064365386963e-10 2.3283064365386963e-10))
  (global $TWO_PI (mut v128) (v128.const f64x2 6.283185307179586 6.283185307179586))
  (global $FOUR (mut v128) (v128.const f64x2 4 4))
  (global $HALF24 (mut v128) (v128.const i32x4 0x00800000 0x00800000 0x00800000 0x00800000))
  (global $LOW24 (mut v128) (v128.const i32x4 0x00FFFFFF 0x00FFFFFF 0x00FFFFFF 0x00FFFFFF))
  (global $D_OFFSET (mut v128) (v128.const f64x2 -8388607.5 -8388607.5))
  (global $D_SCALE (mut v128) (v128.const f64x2 1.4629180792671596e-09 1.4629180792671596e-09))
  ;; Taylor coefficients of sin d - d and cos d - 1 for the table's small remainders d.
  (global $DS1 (mut v128) (v128.const f64x2 -0.16666666666666666 -0.16666666666666666))
  (global $DS2 (mut v128) (v128.const f64x2 0.008333333333333333 0.008333333333333333))
  (global $DC1 (mut v128) (v128.const f64x2 -0.5 -0.5))
  (global $DC2 (mut v128) (v128.const f64x2 0.041666666666666664 0.041666666666666664))
  (global $DC3 (mut v128) (v128.const f64x2 -0.001388888888888889 -0.001388888888888889))
  (global $QUARTER (mut v128) (v128.const f64x2 0.25 0.25))
  (global $LOG_HI_MANT (mut v128) (v128.const i64x2 0x000FFFFF00000000 0x000FFFFF00000000))
  (global $LOG_OFFSET (mut v128) (v128.const i64x2 0x00095F6400000000 0x00095F6400000000))
  (global $EXP_ONE (mut v128) (v128.const i64x2 0x0010000000000000 0x0010000000000000))
  (global $MANT (mut v128) (v128.const i64x2 0x000FFFFFFFFFFFFF 0x000FFFFFFFFFFFFF))
  (global $ONE_BITS (mut v128) (v128.const i64x2 0x3FF0000000000000 0x3FF0000000000000))
  ;; fdlibm e_log.c Lg1..Lg7, k_sin.c S1..S6, k_cos.c C1..C6.
  (global $LG1 (mut v128) (v128.const f64x2 6.666666666666735130e-01 6.666666666666735130e-01))
  (global $LG2 (mut v128) (v128.const f64x2 3.999999999940941908e-01 3.999999999940941908e-01))
  (global $LG3 (mut v128) (v128.const f64x2 2.857142874366239149e-01 2.857142874366239149e-01))
  (global $LG4 (mut v128) (v128.const f64x2 2.222219843214978396e-01 2.222219843214978396e-01))
  (global $LG5 (mut v128) (v128.const f64x2 1.818357216161805012e-01 1.818357216161805012e-01))
  (global $LG6 (mut v128) (v128.const f64x2 1.531383769920937332e-01 1.531383769920937332e-01))
  (global $LG7 (mut v128) (v128.const f64x2 1.479819860511658591e-01 1.479819860511658591e-01))
  (global $S1 (mut v128) (v128.const f64x2 -1.66666666666666324348e-01 -1.66666666666666324348e-01))
  (global $S2 (mut v128) (v128.const f64x2 8.33333333332248946124e-03 8.33333333332248946124e-03))
  (global $S3 (mut v128) (v128.const f64x2 -1.98412698298579493134e-04 -1.98412698298579493134e-04))
  (global $S4 (mut v128) (v128.const f64x2 2.75573137070700676789e-06 2.75573137070700676789e-06))
  (global $S5 (mut v128) (v128.const f64x2 -2.50507602534068634195e-08 -2.50507602534068634195e-08))
  (global $S6 (mut v128) (v128.const f64x2 1.58969099521155010221e-10 1.58969099521155010221e-10))
  (global $C1 (mut v128) (v128.const f64x2 4.16666666666666019037e-02 4.16666666666666019037e-02))
  (global $C2 (mut v128) (v128.const f64x2 -1.38888888888741095749e-03 -1.38888888888741095749e-03))
  (global $C3 (mut v128) (v128.const f64x2 2.48015872894767294178e-05 2.48015872894767294178e-05))
  (global $C4 (mut v128) (v128.const f64x2 -2.75573143513906633035e-07 -2.75573143513906633035e-07))
  (global $C5 (mut v128) (v128.const f64x2 2.08757232129817482790e-09 2.08757232129817482790e-09))
  (global $C6 (mut v128) (v128.const f64x2 -1.13596475577881948265e-11 -1.13596475577881948265e-11))

  ;; The first 4 KiB of memory: (cos, sin) of 2 pi j/256, j = 0..255, 16 bytes each,
  ;; filled once at instantiation by fdlibm's kernels after an exact reduction of 2 pi u by
  ;; quarter turns (u - q/4 is exact): within an ulp of the exact values. The callers' data
  ;; starts at heapBase.
  (global (export "heapBase") i32 (i32.const 4096))
  (start $initAngles)
  (func $initAngles
    (local $j i32) (local $u v128) (local $t v128) (local $x v128) (local $z v128) (local $sn v128) (local $cs v128)
    (local $odd v128) (local $co v128) (local $si v128)
    (loop $each
      ;; u = j/256 in lane 0, (j + 1)/256 in lane 1
      (local.set $u (f64x2.mul (f64x2.add (f64x2.splat (f64.convert_i32_u (local.get $j))) (v128.const f64x2 0 1)) (f64x2.splat (f64.const 0.00390625))))
      ;; 2 pi u = q pi/2 + x, q = round(4u) (ties to even) in $t's low bits.
      (local.set $t (f64x2.add (f64x2.mul (local.get $u) (global.get $FOUR)) (global.get $ROUNDER)))
      (local.set $x (f64x2.mul (global.get $TWO_PI) (f64x2.sub (local.get $u) (f64x2.mul (global.get $QUARTER) (f64x2.sub (local.get $t) (global.get $ROUNDER))))))
      (local.set $z (f64x2.mul (local.get $x) (local.get $x)))
      (local.set $sn (f64x2.add (local.get $x) (f64x2.mul (f64x2.mul (local.get $z) (local.get $x))
        (f64x2.add (global.get $S1) (f64x2.mul (local.get $z)
          (f64x2.add (global.get $S2) (f64x2.mul (local.get $z)
            (f64x2.add (global.get $S3) (f64x2.mul (local.get $z)
              (f64x2.add (global.get $S4) (f64x2.mul (local.get $z)
                (f64x2.add (global.get $S5) (f64x2.mul (local.get $z) (global.get $S6))))))))))))))
      (local.set $cs (f64x2.sub (global.get $ONE) (f64x2.sub (f64x2.mul (global.get $HALF) (local.get $z))
        (f64x2.mul (f64x2.mul (local.get $z) (local.get $z))
          (f64x2.add (global.get $C1) (f64x2.mul (local.get $z)
            (f64x2.add (global.get $C2) (f64x2.mul (local.get $z)
              (f64x2.add (global.get $C3) (f64x2.mul (local.get $z)
                (f64x2.add (global.get $C4) (f64x2.mul (local.get $z)
                  (f64x2.add (global.get $C5) (f64x2.mul (local.get $z) (global.get $C6)))))))))))))))
      ;; quarter turn q mod 4 = 0: (c, s); 1: (-s, c); 2: (-c, -s); 3: (s, -c). Odd q swaps;
      ;; cos is negated when bit 0 xor bit 1 is set, sin when bit 1 is.
      (local.set $odd (i64x2.eq (v128.and (local.get $t) (global.get $I1)) (global.get $I1)))
      (local.set $co (v128.xor (v128.bitselect (local.get $sn) (local.get $cs) (local.get $odd))
        (v128.and (v128.xor (i64x2.shl (local.get $t) (i32.const 63)) (i64x2.shl (local.get $t) (i32.const 62))) (global.get $SIGN))))
      (local.set $si (v128.xor (v128.bitselect (local.get $cs) (local.get $sn) (local.get $odd))
        (v128.and (i64x2.shl (local.get $t) (i32.const 62)) (global.get $SIGN))))
      (v128.store (i32.shl (local.get $j) (i32.const 4)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $co) (local.get $si)))
      (v128.store offset=16 (i32.shl (local.get $j) (i32.const 4)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $co) (local.get $si)))
      (local.set $j (i32.add (local.get $j) (i32.const 2)))
      (br_if $each (i32.lt_u (local.get $j) (i32.const 256)))))

  ;; normals of elements 0 .. count-1 of one row to byte offset $out, four blocks (16 normals)
  ;; per step: writes whole groups of 16 (leave room for up to 15 more).
  (func (export "normals") (param $seed i32) (param $net i32) (param $purpose i32) (param $layer i32)
        (param $row i32) (param $count i32) (param $out i32)
    (local $block i32) (local $blocks i32) (local $round i32) (local $pair i32) (local $at i32)
    (local $k0 v128) (local $k1 v128) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    ;; Box-Muller of one pair of lanes: words $a (radius) and $b (angle)
    (local $a v128) (local $b v128) (local $r v128) (local $u v128) (local $t v128) (local $x v128) (local $z v128)
    (local $sn v128) (local $cs v128) (local $co v128) (local $si v128)
    (local $bits v128) (local $flag v128) (local $k v128) (local $dk v128) (local $f v128) (local $s v128)
    (local $w v128) (local $hfsq v128)
    (local $one v128) (local $two v128) (local $half v128) (local $minusTwo v128)
    (local $ln2Hi v128) (local $ln2Lo v128) (local $m0 v128) (local $m1 v128) (local $w0 v128)
    (local $w1 v128) (local $twoM32 v128) (local $low24 v128) (local $half24 v128) (local $dOffset v128) (local $dScale v128)
    (local $logHiMant v128) (local $logOffset v128) (local $expOne v128) (local $mant v128) (local $oneBits v128)
    (local $i1023 v128) (local $lg1 v128) (local $lg2 v128) (local $lg3 v128) (local $lg4 v128) (local $lg5 v128)
    (local $lg6 v128) (local $lg7 v128) (local $ds1 v128) (local $ds2 v128) (local $dc1 v128) (local $dc2 v128)
    (local $dc3 v128)
    (local.set $one (global.get $ONE)) (local.set $two (global.get $TWO)) (local.set $half (global.get $HALF))
    (local.set $minusTwo (global.get $MINUS_TWO)) (local.set $ln2Hi (global.get $LN2_HI)) (local.set $ln2Lo (global.get $LN2_LO))
    (local.set $m0 (global.get $PHILOX_M0)) (local.set $m1 (global.get $PHILOX_M1))
    (local.set $w0 (global.get $PHILOX_W0)) (local.set $w1 (global.get $PHILOX_W1))
    (local.set $twoM32 (global.get $TWO_M32)) (local.set $low24 (global.get $LOW24)) (local.set $half24 (global.get $HALF24))
    (local.set $dOffset (global.get $D_OFFSET)) (local.set $dScale (global.get $D_SCALE))
    (local.set $logHiMant (global.get $LOG_HI_MANT)) (local.set $logOffset (global.get $LOG_OFFSET))
    (local.set $expOne (global.get $EXP_ONE)) (local.set $mant (global.get $MANT)) (local.set $oneBits (global.get $ONE_BITS))
    (local.set $i1023 (global.get $I1023))
    (local.set $lg1 (global.get $LG1)) (local.set $lg2 (global.get $LG2)) (local.set $lg3 (global.get $LG3))
    (local.set $lg4 (global.get $LG4)) (local.set $lg5 (global.get $LG5)) (local.set $lg6 (global.get $LG6))
    (local.set $lg7 (global.get $LG7))
    (local.set $ds1 (global.get $DS1)) (local.set $ds2 (global.get $DS2))
    (local.set $dc1 (global.get $DC1)) (local.set $dc2 (global.get $DC2)) (local.set $dc3 (global.get $DC3))
    (local.set $blocks (i32.shr_u (i32.add (local.get $count) (i32.const 3)) (i32.const 2)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $block) (local.get $blocks)))
        (local.set $c0 (i32x4.add (i32x4.splat (local.get $block)) (v128.const i32x4 0 1 2 3)))
        (local.set $c1 (i32x4.splat (local.get $row)))
        (local.set $c2 (i32x4.splat (local.get $layer)))
        (local.set $c3 (i32x4.splat (local.get $purpose)))
        (local.set $k0 (i32x4.splat (local.get $seed)))
        (local.set $k1 (i32x4.splat (local.get $net)))
        (local.set $round (i32.const 0))
        (loop $rounds
          ;; 32 x 32 -> 64-bit products of lanes (0, 1) and (2, 3); hi and lo words gathered by shuffles.
          (local.set $p0 (i64x2.extmul_low_i32x4_u (local.get $c0) (local.get $m0)))
          (local.set $p1 (i64x2.extmul_high_i32x4_u (local.get $c0) (local.get $m0)))
          (local.set $p2 (i64x2.extmul_low_i32x4_u (local.get $c2) (local.get $m1)))
          (local.set $p3 (i64x2.extmul_high_i32x4_u (local.get $c2) (local.get $m1)))
          (local.set $c0 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $p2) (local.get $p3)) (local.get $c1)) (local.get $k0)))
          (local.set $c1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $p2) (local.get $p3)))
          (local.set $c2 (v128.xor (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $p0) (local.get $p1)) (local.get $c3)) (local.get $k1)))
          (local.set $c3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $p0) (local.get $p1)))
          (local.set $k0 (i32x4.add (local.get $k0) (local.get $w0)))
          (local.set $k1 (i32x4.add (local.get $k1) (local.get $w1)))
          (local.set $round (i32.add (local.get $round) (i32.const 1)))
          (br_if $rounds (i32.lt_u (local.get $round) (i32.const 10))))
        ;; Box-Muller, two lanes a step: (c0, c1) lanes 0,1 (blocks 0,1) -> normals at +0 and +32;
        ;; (c2, c3) lanes 0,1 -> +16, +48; the same with lanes 2,3 (blocks 2,3) -> +64.. . The words
        ;; wait in the group's upper half (c0 +64, c2 +80, c1 +96, c3 +112), each read before its
        ;; place is written.
        (v128.store offset=64 (local.get $out) (local.get $c0))
        (v128.store offset=80 (local.get $out) (local.get $c2))
        (v128.store offset=96 (local.get $out) (local.get $c1))
        (v128.store offset=112 (local.get $out) (local.get $c3))
        (local.set $pair (i32.const 0))
        (loop $pairs
          ;; this step's two words of a (radius) and b (angle): 8 bytes at +64 (c0) or +80 (c2),
          ;; plus 8 for lanes 2,3, and 32 bytes on for b; its normals at +16 (pair & 1) + 64 (pair >> 1).
          (local.set $at (i32.add (local.get $out) (i32.add (i32.shl (i32.and (local.get $pair) (i32.const 1)) (i32.const 4)) (i32.shl (i32.shr_u (local.get $pair) (i32.const 1)) (i32.const 3)))))
          (local.set $a (v128.load64_zero offset=64 (local.get $at)))
          (local.set $b (v128.load64_zero offset=96 (local.get $at)))
          (local.set $at (i32.add (local.get $out)
            (i32.add (i32.shl (i32.and (local.get $pair) (i32.const 1)) (i32.const 4)) (i32.shl (i32.shr_u (local.get $pair) (i32.const 1)) (i32.const 6)))))
          ;; log u1, u1 = (a + 1/2) 2^-32: fdlibm's e_log.c reduction and polynomial (its "hfsq"
          ;; form for every lane, no branches).
          (local.set $bits (f64x2.mul (f64x2.add (f64x2.convert_low_i32x4_u (local.get $a)) (local.get $half)) (local.get $twoM32)))
          (local.set $flag (v128.and (i64x2.add (v128.and (local.get $bits) (local.get $logHiMant)) (local.get $logOffset)) (local.get $expOne)))
          (local.set $x (v128.or (v128.and (local.get $bits) (local.get $mant)) (v128.xor (local.get $flag) (local.get $oneBits))))
          (local.set $k (i64x2.add (i64x2.sub (i64x2.shr_u (local.get $bits) (i32.const 52)) (local.get $i1023)) (i64x2.shr_u (local.get $flag) (i32.const 52))))
          (local.set $dk (f64x2.convert_low_i32x4_s (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $k) (local.get $k))))
          (local.set $f (f64x2.sub (local.get $x) (local.get $one)))
          (local.set $s (f64x2.div (local.get $f) (f64x2.add (local.get $two) (local.get $f))))
          (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
          (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
          (local.set $r (f64x2.add
            (f64x2.mul (local.get $z) (f64x2.add (local.get $lg1)
              (f64x2.mul (local.get $w) (f64x2.add (local.get $lg3)
                (f64x2.mul (local.get $w) (f64x2.add (local.get $lg5) (f64x2.mul (local.get $w) (local.get $lg7))))))))
            (f64x2.mul (local.get $w) (f64x2.add (local.get $lg2)
              (f64x2.mul (local.get $w) (f64x2.add (local.get $lg4) (f64x2.mul (local.get $w) (local.get $lg6))))))))
          (local.set $hfsq (f64x2.mul (local.get $half) (f64x2.mul (local.get $f) (local.get $f))))
          ;; radius sqrt(-2 log u1)
          (local.set $r (f64x2.sqrt (f64x2.mul (local.get $minusTwo)
            (f64x2.sub (f64x2.mul (local.get $dk) (local.get $ln2Hi))
              (f64x2.sub (f64x2.sub (local.get $hfsq)
                                    (f64x2.add (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $r)))
                                               (f64x2.mul (local.get $dk) (local.get $ln2Lo))))
                         (local.get $f))))))
          ;; angle 2 pi (b + 1/2) 2^-32 = t_j + d: with b' = b + 2^23 (mod 2^32), j = b' >> 24 picks
          ;; (cos t_j, sin t_j) from the table, t_j = 2 pi j/256, and
          ;; d = 2 pi ((b' & 0xFFFFFF) - 2^23 + 1/2) 2^-32 (exact but for the last product),
          ;; |d| <= pi/256. The zeros of cos and sin are table points (C or S exactly 0), so
          ;; values near them keep their relative accuracy.
          (local.set $b (i32x4.add (local.get $b) (local.get $half24)))
          (local.set $t (i32x4.shl (i32x4.shr_u (local.get $b) (i32.const 24)) (i32.const 4)))
          (local.set $co (v128.load (i32x4.extract_lane 0 (local.get $t))))
          (local.set $si (v128.load (i32x4.extract_lane 1 (local.get $t))))
          (local.set $cs (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $co) (local.get $si)))
          (local.set $sn (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $co) (local.get $si)))
          (local.set $x (f64x2.mul (f64x2.add (f64x2.convert_low_i32x4_s (v128.and (local.get $b) (local.get $low24))) (local.get $dOffset)) (local.get $dScale)))
          (local.set $z (f64x2.mul (local.get $x) (local.get $x)))
          ;; sin d (Taylor to d^5) and cos d - 1 (to d^6): what is left is below 1e-17.
          (local.set $u (f64x2.add (local.get $x) (f64x2.mul (f64x2.mul (local.get $z) (local.get $x)) (f64x2.add (local.get $ds1) (f64x2.mul (local.get $z) (local.get $ds2))))))
          (local.set $w (f64x2.mul (local.get $z) (f64x2.add (local.get $dc1) (f64x2.mul (local.get $z) (f64x2.add (local.get $dc2) (f64x2.mul (local.get $z) (local.get $dc3)))))))
          ;; cos(t + d) = C + (C (cos d - 1) - S sin d), sin(t + d) = S + (S (cos d - 1) + C sin d).
          (local.set $co (f64x2.add (local.get $cs) (f64x2.sub (f64x2.mul (local.get $cs) (local.get $w)) (f64x2.mul (local.get $sn) (local.get $u)))))
          (local.set $si (f64x2.add (local.get $sn) (f64x2.add (f64x2.mul (local.get $sn) (local.get $w)) (f64x2.mul (local.get $cs) (local.get $u)))))
          (local.set $co (f64x2.mul (local.get $r) (local.get $co)))
          (local.set $si (f64x2.mul (local.get $r) (local.get $si)))
          (v128.store (local.get $at) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $co) (local.get $si)))
          (v128.store offset=32 (local.get $at) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $co) (local.get $si)))
          (local.set $pair (i32.add (local.get $pair) (i32.const 1)))
          (br_if $pairs (i32.lt_u (local.get $pair) (i32.const 4))))
        (local.set $out (i32.add (local.get $out) (i32.const 128)))
        (local.set $block (i32.add (local.get $block) (i32.const 4)))
        (br $step))))

  ;; x -> tanh(scale x) in place on f64 pairs from byte offset $ptr, ceil(count/2) pairs
  ;; (leave room for one more value when count is odd); returns the sum of the squares of the
  ;; count results (in two lanes, then the lanes added).
  ;;
  ;; With a = min(|scale x|, 22) (tanh is 1 in float64 beyond) and y = -2a = k ln2 + r,
  ;; k = ceil(y / ln2), r in (-ln2, 0]: e^r = N/D by the Pade [7/7] approximant (relative error
  ;; below 1e-18 there), N = E + P, D = E - P, P = r O. With s = 2^k, e^y = s N/D and
  ;; tanh a = (1 - e^y)/(1 + e^y) = (1 - s) - s W/den, W = (1 - s) E + (3 - s) P,
  ;; den = (1 + s) E - (1 - s) P (P <= 0, so no cancellation). For k = 0 (s = 1) this is
  ;; -2P/2E, the Pade approximant of tanh itself (r = -2a exactly, no reduction error), so tiny
  ;; a keep their relative accuracy; for k < 0 the correction s W/den is small beside the exact
  ;; 1 - s. Max error 1.8 ulp against the exact value, 3 ulp against Math.tanh
  ;; (tests/unit/engine/tanh-accuracy.test.ts); one division, no branches.
  (func (export "tanh") (param $ptr i32) (param $count i32) (param $scale f64) (result f64)
    (local $limit i32) (local $tail i32) (local $mask v128) (local $acc v128)
    (local $x v128) (local $y v128) (local $kf v128) (local $r v128) (local $z v128)
    (local $e v128) (local $p v128) (local $s v128) (local $oneMinusS v128) (local $v v128)
    (local $sc v128) (local $one v128) (local $three v128) (local $minusTwo v128) (local $sign v128)
    (local $i1023 v128) (local $rounder v128) (local $ln2Hi v128) (local $ln2Lo v128) (local $invLn2 v128)
    (local $clamp v128) (local $e1 v128) (local $e2 v128) (local $e3 v128) (local $o0 v128) (local $o1 v128)
    (local $o2 v128) (local $o3 v128) (local $e0 v128)
    (local.set $sc (f64x2.splat (local.get $scale)))
    (local.set $one (global.get $ONE)) (local.set $three (global.get $THREE)) (local.set $minusTwo (global.get $MINUS_TWO))
    (local.set $sign (global.get $SIGN)) (local.set $i1023 (global.get $I1023)) (local.set $rounder (global.get $ROUNDER))
    (local.set $ln2Hi (global.get $LN2_HI)) (local.set $ln2Lo (global.get $LN2_LO)) (local.set $invLn2 (global.get $INV_LN2))
    (local.set $clamp (global.get $TANH_CLAMP))
    (local.set $e0 (global.get $E0)) (local.set $e1 (global.get $E1)) (local.set $e2 (global.get $E2)) (local.set $e3 (global.get $E3))
    (local.set $o0 (global.get $O0)) (local.set $o1 (global.get $O1)) (local.set $o2 (global.get $O2)) (local.set $o3 (global.get $O3))
    ;; Whole pairs first; an odd last value then gets one more pair whose second lane is left
    ;; out of the sum.
    (local.set $limit (i32.add (local.get $ptr) (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3))))
    (local.set $tail (i32.and (local.get $count) (i32.const 1)))
    (local.set $mask (v128.const i64x2 -1 -1))
    (block $done
      (loop $each
        (if (i32.ge_u (local.get $ptr) (local.get $limit))
          (then
            (br_if $done (i32.eqz (local.get $tail)))
            (local.set $tail (i32.const 0))
            (local.set $limit (i32.add (local.get $ptr) (i32.const 16)))
            (local.set $mask (global.get $LANE0))))
        (local.set $x (f64x2.mul (v128.load (local.get $ptr)) (local.get $sc)))
        (local.set $y (f64x2.mul (local.get $minusTwo) (f64x2.pmin (f64x2.abs (local.get $x)) (local.get $clamp))))
        (local.set $kf (f64x2.ceil (f64x2.mul (local.get $y) (local.get $invLn2))))
        (local.set $r (f64x2.sub (f64x2.sub (local.get $y) (f64x2.mul (local.get $kf) (local.get $ln2Hi))) (f64x2.mul (local.get $kf) (local.get $ln2Lo))))
        (local.set $z (f64x2.mul (local.get $r) (local.get $r)))
        (local.set $e (f64x2.add (local.get $e0) (f64x2.mul (local.get $z) (f64x2.add (local.get $e1) (f64x2.mul (local.get $z) (f64x2.add (local.get $e2) (f64x2.mul (local.get $z) (local.get $e3))))))))
        (local.set $p (f64x2.mul (local.get $r) (f64x2.add (local.get $o0) (f64x2.mul (local.get $z) (f64x2.add (local.get $o1) (f64x2.mul (local.get $z) (f64x2.add (local.get $o2) (f64x2.mul (local.get $z) (local.get $o3)))))))))
        ;; s = 2^k from k's bits (k in [-64, 0]).
        (local.set $s (i64x2.shl (i64x2.add (f64x2.add (local.get $kf) (local.get $rounder)) (local.get $i1023)) (i32.const 52)))
        (local.set $oneMinusS (f64x2.sub (local.get $one) (local.get $s)))
        (local.set $v (f64x2.sub (local.get $oneMinusS) (f64x2.div
          (f64x2.mul (local.get $s) (f64x2.add (f64x2.mul (local.get $oneMinusS) (local.get $e)) (f64x2.mul (f64x2.sub (local.get $three) (local.get $s)) (local.get $p))))
          (f64x2.sub (f64x2.mul (f64x2.add (local.get $one) (local.get $s)) (local.get $e)) (f64x2.mul (local.get $oneMinusS) (local.get $p))))))
        (local.set $acc (f64x2.add (local.get $acc) (v128.and (f64x2.mul (local.get $v) (local.get $v)) (local.get $mask))))
        ;; v >= +0 (NaN for NaN), so the sign of x goes on by xor.
        (v128.store (local.get $ptr) (v128.xor (local.get $v) (v128.and (local.get $x) (local.get $sign))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $each)))
    (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))

  (func (export "sumSquares") (param $ptr i32) (param $count i32) (result f64)
    (local $end i32) (local $acc v128) (local $x v128) (local $tail f64)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $x (v128.load (local.get $ptr)))
        (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $x) (local.get $x))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $each)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (local.set $tail (f64.load (local.get $ptr)))
        (local.set $tail (f64.mul (local.get $tail) (local.get $tail)))))
    (f64.add (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))) (local.get $tail)))
)
