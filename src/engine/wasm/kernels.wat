;; The CPU engines' normal generator in WebAssembly: about 2x faster than the JavaScript
;; fillNormals in V8 (64-bit integer multiplies for Philox; log, sin and cos inlined).
;; Built with wabt's `wat2wasm` by build-wasm.mjs beside this file into kernels-wasm.ts.
;;
;; normals: the standard normals of one row at (seed, network, purpose, layer, row): the same
;;   Philox4x32-10 words as src/random (counter (block, row, layer, purpose), key (seed,
;;   network)) and the same Box-Muller pairing (lanes (0,1) and (2,3)). log is fdlibm's
;;   e_log.c algorithm; cos/sin are fdlibm's kernels after an exact reduction of 2 pi u by
;;   quarter turns (u - q/4 is exact), so values agree with fillNormals to a few ulp, not bit
;;   for bit. WebAssembly float arithmetic is IEEE-exact, so they are the same on every
;;   engine and machine (JavaScript's Math.cos is implementation-defined).
(module
  (memory (export "memory") 1)

  (func $log (param $x f64) (result f64)
    (local $bits i64) (local $hx i32) (local $k i32) (local $i i32) (local $j i32)
    (local $f f64) (local $s f64) (local $z f64) (local $w f64) (local $r f64) (local $hfsq f64)
    (local $dk f64) (local $m f64)
    (local.set $bits (i64.reinterpret_f64 (local.get $x)))
    (local.set $hx (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32))))
    (local.set $k (i32.sub (i32.shr_u (local.get $hx) (i32.const 20)) (i32.const 1023)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x000fffff)))
    (local.set $i (i32.and (i32.add (local.get $hx) (i32.const 0x95f64)) (i32.const 0x100000)))
    (local.set $m (f64.reinterpret_i64 (i64.or
      (i64.shl (i64.extend_i32_u (i32.or (local.get $hx) (i32.xor (local.get $i) (i32.const 0x3ff00000)))) (i64.const 32))
      (i64.and (local.get $bits) (i64.const 0xffffffff)))))
    (local.set $k (i32.add (local.get $k) (i32.shr_u (local.get $i) (i32.const 20))))
    (local.set $f (f64.sub (local.get $m) (f64.const 1)))
    (local.set $dk (f64.convert_i32_s (local.get $k)))
    ;; |f| < 2^-20
    (if (i32.lt_u (i32.and (i32.const 0x000fffff) (i32.add (i32.const 2) (local.get $hx))) (i32.const 3))
      (then
        (if (f64.eq (local.get $f) (f64.const 0))
          (then (return (f64.add (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
                                 (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10))))))
        (local.set $r (f64.mul (f64.mul (local.get $f) (local.get $f))
                               (f64.sub (f64.const 0.5) (f64.mul (f64.const 0.33333333333333333) (local.get $f)))))
        (return (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
                         (f64.sub (f64.sub (local.get $r) (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10)))
                                  (local.get $f))))))
    (local.set $s (f64.div (local.get $f) (f64.add (f64.const 2) (local.get $f))))
    (local.set $z (f64.mul (local.get $s) (local.get $s)))
    (local.set $i (i32.sub (local.get $hx) (i32.const 0x6147a)))
    (local.set $w (f64.mul (local.get $z) (local.get $z)))
    (local.set $j (i32.sub (i32.const 0x6b851) (local.get $hx)))
    ;; R = t2 + t1
    (local.set $r (f64.add
      (f64.mul (local.get $z) (f64.add (f64.const 6.666666666666735130e-01)
        (f64.mul (local.get $w) (f64.add (f64.const 2.857142874366239149e-01)
          (f64.mul (local.get $w) (f64.add (f64.const 1.818357216161805012e-01)
            (f64.mul (local.get $w) (f64.const 1.479819860511658591e-01))))))))
      (f64.mul (local.get $w) (f64.add (f64.const 3.999999999940941908e-01)
        (f64.mul (local.get $w) (f64.add (f64.const 2.222219843214978396e-01)
          (f64.mul (local.get $w) (f64.const 1.531383769920937332e-01))))))))
    (local.set $i (i32.or (local.get $i) (local.get $j)))
    (if (i32.gt_s (local.get $i) (i32.const 0))
      (then
        (local.set $hfsq (f64.mul (f64.const 0.5) (f64.mul (local.get $f) (local.get $f))))
        (return (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
          (f64.sub (f64.sub (local.get $hfsq)
                            (f64.add (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $r)))
                                     (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10))))
                   (local.get $f))))))
    (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
      (f64.sub (f64.sub (f64.mul (local.get $s) (f64.sub (local.get $f) (local.get $r)))
                        (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10)))
               (local.get $f))))

  ;; Box-Muller of words (a, b): writes r cos(2 pi u_b), r sin(2 pi u_b) at $out, $out + 8.
  (func $boxMuller (param $a i32) (param $b i32) (param $out i32)
    (local $r f64) (local $u f64) (local $q i32) (local $x f64) (local $z f64) (local $s f64) (local $c f64)
    (local $co f64) (local $si f64)
    (local.set $r (f64.sqrt (f64.mul (f64.const -2)
      (call $log (f64.mul (f64.add (f64.convert_i32_u (local.get $a)) (f64.const 0.5)) (f64.const 2.3283064365386963e-10))))))
    (local.set $u (f64.mul (f64.add (f64.convert_i32_u (local.get $b)) (f64.const 0.5)) (f64.const 2.3283064365386963e-10)))
    ;; quarter turns q = round(4u) in 0..4; x = 2 pi (u - q/4) in [-pi/4, pi/4], u - q/4 exact.
    (local.set $q (i32.trunc_f64_u (f64.add (f64.mul (local.get $u) (f64.const 4)) (f64.const 0.5))))
    (local.set $x (f64.mul (f64.const 6.283185307179586)
      (f64.sub (local.get $u) (f64.mul (f64.const 0.25) (f64.convert_i32_u (local.get $q))))))
    (local.set $z (f64.mul (local.get $x) (local.get $x)))
    (local.set $s (f64.add (local.get $x) (f64.mul (f64.mul (local.get $z) (local.get $x))
      (f64.add (f64.const -1.66666666666666324348e-01) (f64.mul (local.get $z)
        (f64.add (f64.const 8.33333333332248946124e-03) (f64.mul (local.get $z)
          (f64.add (f64.const -1.98412698298579493134e-04) (f64.mul (local.get $z)
            (f64.add (f64.const 2.75573137070700676789e-06) (f64.mul (local.get $z)
              (f64.add (f64.const -2.50507602534068634195e-08) (f64.mul (local.get $z) (f64.const 1.58969099521155010221e-10))))))))))))))
    (local.set $c (f64.sub (f64.const 1) (f64.sub (f64.mul (f64.const 0.5) (local.get $z))
      (f64.mul (f64.mul (local.get $z) (local.get $z))
        (f64.add (f64.const 4.16666666666666019037e-02) (f64.mul (local.get $z)
          (f64.add (f64.const -1.38888888888741095749e-03) (f64.mul (local.get $z)
            (f64.add (f64.const 2.48015872894767294178e-05) (f64.mul (local.get $z)
              (f64.add (f64.const -2.75573143513906633035e-07) (f64.mul (local.get $z)
                (f64.add (f64.const 2.08757232129817482790e-09) (f64.mul (local.get $z) (f64.const -1.13596475577881948265e-11)))))))))))))))
    ;; rotate by q quarter turns: q odd swaps (c, s) -> (-s, c); q & 2 negates both.
    (local.set $co (select (f64.neg (local.get $s)) (local.get $c) (i32.and (local.get $q) (i32.const 1))))
    (local.set $si (select (local.get $c) (local.get $s) (i32.and (local.get $q) (i32.const 1))))
    (local.set $co (select (f64.neg (local.get $co)) (local.get $co) (i32.and (local.get $q) (i32.const 2))))
    (local.set $si (select (f64.neg (local.get $si)) (local.get $si) (i32.and (local.get $q) (i32.const 2))))
    (f64.store (local.get $out) (f64.mul (local.get $r) (local.get $co)))
    (f64.store offset=8 (local.get $out) (f64.mul (local.get $r) (local.get $si))))

  ;; ceil(count / 4) whole blocks of 4 normals from $out (the caller leaves room for them).
  (func (export "normals") (param $seed i32) (param $net i32) (param $purpose i32) (param $layer i32)
        (param $row i32) (param $count i32) (param $out i32)
    (local $block i32) (local $blocks i32) (local $round i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $k0 i32) (local $k1 i32)
    (local $p0 i64) (local $p1 i64)
    (local.set $blocks (i32.shr_u (i32.add (local.get $count) (i32.const 3)) (i32.const 2)))
    (block $done
      (loop $blocksLoop
        (br_if $done (i32.ge_u (local.get $block) (local.get $blocks)))
        (local.set $c0 (local.get $block))
        (local.set $c1 (local.get $row))
        (local.set $c2 (local.get $layer))
        (local.set $c3 (local.get $purpose))
        (local.set $k0 (local.get $seed))
        (local.set $k1 (local.get $net))
        (local.set $round (i32.const 0))
        (loop $rounds
          (local.set $p0 (i64.mul (i64.extend_i32_u (local.get $c0)) (i64.const 0xD2511F53)))
          (local.set $p1 (i64.mul (i64.extend_i32_u (local.get $c2)) (i64.const 0xCD9E8D57)))
          (local.set $c0 (i32.xor (i32.xor (i32.wrap_i64 (i64.shr_u (local.get $p1) (i64.const 32))) (local.get $c1)) (local.get $k0)))
          (local.set $c1 (i32.wrap_i64 (local.get $p1)))
          (local.set $c2 (i32.xor (i32.xor (i32.wrap_i64 (i64.shr_u (local.get $p0) (i64.const 32))) (local.get $c3)) (local.get $k1)))
          (local.set $c3 (i32.wrap_i64 (local.get $p0)))
          (local.set $k0 (i32.add (local.get $k0) (i32.const 0x9E3779B9)))
          (local.set $k1 (i32.add (local.get $k1) (i32.const 0xBB67AE85)))
          (local.set $round (i32.add (local.get $round) (i32.const 1)))
          (br_if $rounds (i32.lt_u (local.get $round) (i32.const 10))))
        (call $boxMuller (local.get $c0) (local.get $c1) (local.get $out))
        (call $boxMuller (local.get $c2) (local.get $c3) (i32.add (local.get $out) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (local.set $block (i32.add (local.get $block) (i32.const 1)))
        (br $blocksLoop))))
)
