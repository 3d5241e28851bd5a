;; The trainer's three dense loops in WebAssembly SIMD (f64x2), over row-major weights
;; w[i * nIn + j] (nOut x nIn) and input-major activations a[p * nIn + j] for P inputs. P is a
;; multiple of 4 in dotRows, backRows and updateRows (each load of a weight pair serves four
;; inputs) and exactly 2 in their "2" forms, which the caller uses for the last two inputs when
;; P is 2 more than a multiple of 4 (so six training inputs cost six, not eight). Pointers are
;; byte offsets into the exported memory; every array is f64.
;;
;;   dotRows:    out[p * nOut + i]  = sum_j w[i, j] a[p, j]
;;   backRows:   out[p * nIn + j]  += sum_i w[i, j] u[p * nOut + i]
;;   updateRows: w[i, j]           -= coef * sum_p d[p * nOut + i] a[p, j]
(module
  (memory (export "memory") 1)

  (func (export "dotRows") (param $w i32) (param $nOut i32) (param $nIn i32) (param $a i32) (param $P i32) (param $out i32)
    (local $i i32) (local $p i32) (local $j i32) (local $n2 i32) (local $row i32) (local $wi i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $wv v128)
    (local $x f64) (local $o i32)
    (local.set $row (i32.shl (local.get $nIn) (i32.const 3)))
    (local.set $n2 (i32.and (local.get $nIn) (i32.const -2)))
    (local.set $p (i32.const 0))
    (block $pdone
      (loop $ploop
        (br_if $pdone (i32.ge_u (local.get $p) (local.get $P)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $p) (local.get $row))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $row)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $row)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $row)))
        (local.set $i (i32.const 0))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.ge_u (local.get $i) (local.get $nOut)))
            (local.set $wi (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $row))))
            (local.set $s0 (v128.const f64x2 0 0))
            (local.set $s1 (v128.const f64x2 0 0))
            (local.set $s2 (v128.const f64x2 0 0))
            (local.set $s3 (v128.const f64x2 0 0))
            (local.set $j (i32.const 0))
            (block $jdone
              (loop $jloop
                (br_if $jdone (i32.ge_u (local.get $j) (local.get $n2)))
                (local.set $o (i32.shl (local.get $j) (i32.const 3)))
                (local.set $wv (v128.load (i32.add (local.get $wi) (local.get $o))))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $a0) (local.get $o))))))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $a1) (local.get $o))))))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $a2) (local.get $o))))))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $a3) (local.get $o))))))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $jloop)))
            ;; An odd nIn leaves one column: its products go into lane 0.
            (if (i32.lt_u (local.get $n2) (local.get $nIn))
              (then
                (local.set $o (i32.shl (local.get $n2) (i32.const 3)))
                (local.set $x (f64.load (i32.add (local.get $wi) (local.get $o))))
                (local.set $s0 (f64x2.replace_lane 0 (local.get $s0) (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $a0) (local.get $o)))))))
                (local.set $s1 (f64x2.replace_lane 0 (local.get $s1) (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $a1) (local.get $o)))))))
                (local.set $s2 (f64x2.replace_lane 0 (local.get $s2) (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $a2) (local.get $o)))))))
                (local.set $s3 (f64x2.replace_lane 0 (local.get $s3) (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $a3) (local.get $o)))))))))
            (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $nOut)) (local.get $i)) (i32.const 3))))
            (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $nOut) (i32.const 3))))
            (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $nOut) (i32.const 3))))
            (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2))))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $nOut) (i32.const 3))))
            (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64x2.extract_lane 1 (local.get $s3))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iloop)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $ploop))))

  (func (export "backRows") (param $w i32) (param $nOut i32) (param $nIn i32) (param $u i32) (param $P i32) (param $out i32)
    (local $i i32) (local $p i32) (local $j i32) (local $n2 i32) (local $row i32) (local $wi i32) (local $o i32)
    (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32) (local $up i32) (local $colStride i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $wv v128) (local $x f64)
    (local.set $row (i32.shl (local.get $nIn) (i32.const 3)))
    (local.set $colStride (i32.shl (local.get $nOut) (i32.const 3)))
    (local.set $n2 (i32.and (local.get $nIn) (i32.const -2)))
    (local.set $p (i32.const 0))
    (block $pdone
      (loop $ploop
        (br_if $pdone (i32.ge_u (local.get $p) (local.get $P)))
        (local.set $o0 (i32.add (local.get $out) (i32.mul (local.get $p) (local.get $row))))
        (local.set $o1 (i32.add (local.get $o0) (local.get $row)))
        (local.set $o2 (i32.add (local.get $o1) (local.get $row)))
        (local.set $o3 (i32.add (local.get $o2) (local.get $row)))
        (local.set $i (i32.const 0))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.ge_u (local.get $i) (local.get $nOut)))
            (local.set $wi (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $row))))
            (local.set $up (i32.add (local.get $u) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $nOut)) (local.get $i)) (i32.const 3))))
            (local.set $c0 (f64x2.splat (f64.load (local.get $up))))
            (local.set $c1 (f64x2.splat (f64.load (i32.add (local.get $up) (local.get $colStride)))))
            (local.set $c2 (f64x2.splat (f64.load (i32.add (local.get $up) (i32.shl (local.get $colStride) (i32.const 1))))))
            (local.set $c3 (f64x2.splat (f64.load (i32.add (local.get $up) (i32.mul (local.get $colStride) (i32.const 3))))))
            (local.set $j (i32.const 0))
            (block $jdone
              (loop $jloop
                (br_if $jdone (i32.ge_u (local.get $j) (local.get $n2)))
                (local.set $o (i32.shl (local.get $j) (i32.const 3)))
                (local.set $wv (v128.load (i32.add (local.get $wi) (local.get $o))))
                (v128.store (i32.add (local.get $o0) (local.get $o)) (f64x2.add (v128.load (i32.add (local.get $o0) (local.get $o))) (f64x2.mul (local.get $wv) (local.get $c0))))
                (v128.store (i32.add (local.get $o1) (local.get $o)) (f64x2.add (v128.load (i32.add (local.get $o1) (local.get $o))) (f64x2.mul (local.get $wv) (local.get $c1))))
                (v128.store (i32.add (local.get $o2) (local.get $o)) (f64x2.add (v128.load (i32.add (local.get $o2) (local.get $o))) (f64x2.mul (local.get $wv) (local.get $c2))))
                (v128.store (i32.add (local.get $o3) (local.get $o)) (f64x2.add (v128.load (i32.add (local.get $o3) (local.get $o))) (f64x2.mul (local.get $wv) (local.get $c3))))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $jloop)))
            (if (i32.lt_u (local.get $n2) (local.get $nIn))
              (then
                (local.set $o (i32.shl (local.get $n2) (i32.const 3)))
                (local.set $x (f64.load (i32.add (local.get $wi) (local.get $o))))
                (f64.store (i32.add (local.get $o0) (local.get $o)) (f64.add (f64.load (i32.add (local.get $o0) (local.get $o))) (f64.mul (local.get $x) (f64x2.extract_lane 0 (local.get $c0)))))
                (f64.store (i32.add (local.get $o1) (local.get $o)) (f64.add (f64.load (i32.add (local.get $o1) (local.get $o))) (f64.mul (local.get $x) (f64x2.extract_lane 0 (local.get $c1)))))
                (f64.store (i32.add (local.get $o2) (local.get $o)) (f64.add (f64.load (i32.add (local.get $o2) (local.get $o))) (f64.mul (local.get $x) (f64x2.extract_lane 0 (local.get $c2)))))
                (f64.store (i32.add (local.get $o3) (local.get $o)) (f64.add (f64.load (i32.add (local.get $o3) (local.get $o))) (f64.mul (local.get $x) (f64x2.extract_lane 0 (local.get $c3)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iloop)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $ploop))))

  (func (export "updateRows") (param $w i32) (param $nOut i32) (param $nIn i32) (param $d i32) (param $a i32) (param $P i32) (param $coef f64)
    (local $i i32) (local $p i32) (local $j i32) (local $n2 i32) (local $row i32) (local $wi i32) (local $o i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $dp i32) (local $colStride i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $g v128)
    (local.set $row (i32.shl (local.get $nIn) (i32.const 3)))
    (local.set $colStride (i32.shl (local.get $nOut) (i32.const 3)))
    (local.set $n2 (i32.and (local.get $nIn) (i32.const -2)))
    (local.set $p (i32.const 0))
    (block $pdone
      (loop $ploop
        (br_if $pdone (i32.ge_u (local.get $p) (local.get $P)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $p) (local.get $row))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $row)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $row)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $row)))
        (local.set $i (i32.const 0))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.ge_u (local.get $i) (local.get $nOut)))
            (local.set $wi (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $row))))
            (local.set $dp (i32.add (local.get $d) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $nOut)) (local.get $i)) (i32.const 3))))
            (local.set $c0 (f64x2.splat (f64.mul (local.get $coef) (f64.load (local.get $dp)))))
            (local.set $c1 (f64x2.splat (f64.mul (local.get $coef) (f64.load (i32.add (local.get $dp) (local.get $colStride))))))
            (local.set $c2 (f64x2.splat (f64.mul (local.get $coef) (f64.load (i32.add (local.get $dp) (i32.shl (local.get $colStride) (i32.const 1)))))))
            (local.set $c3 (f64x2.splat (f64.mul (local.get $coef) (f64.load (i32.add (local.get $dp) (i32.mul (local.get $colStride) (i32.const 3)))))))
            (local.set $j (i32.const 0))
            (block $jdone
              (loop $jloop
                (br_if $jdone (i32.ge_u (local.get $j) (local.get $n2)))
                (local.set $o (i32.shl (local.get $j) (i32.const 3)))
                (local.set $g (f64x2.add
                  (f64x2.add (f64x2.mul (local.get $c0) (v128.load (i32.add (local.get $a0) (local.get $o))))
                             (f64x2.mul (local.get $c1) (v128.load (i32.add (local.get $a1) (local.get $o)))))
                  (f64x2.add (f64x2.mul (local.get $c2) (v128.load (i32.add (local.get $a2) (local.get $o))))
                             (f64x2.mul (local.get $c3) (v128.load (i32.add (local.get $a3) (local.get $o)))))))
                (v128.store (i32.add (local.get $wi) (local.get $o)) (f64x2.sub (v128.load (i32.add (local.get $wi) (local.get $o))) (local.get $g)))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $jloop)))
            (if (i32.lt_u (local.get $n2) (local.get $nIn))
              (then
                (local.set $o (i32.shl (local.get $n2) (i32.const 3)))
                (f64.store (i32.add (local.get $wi) (local.get $o))
                  (f64.sub (f64.load (i32.add (local.get $wi) (local.get $o)))
                    (f64.add
                      (f64.add (f64.mul (f64x2.extract_lane 0 (local.get $c0)) (f64.load (i32.add (local.get $a0) (local.get $o))))
                               (f64.mul (f64x2.extract_lane 0 (local.get $c1)) (f64.load (i32.add (local.get $a1) (local.get $o)))))
                      (f64.add (f64.mul (f64x2.extract_lane 0 (local.get $c2)) (f64.load (i32.add (local.get $a2) (local.get $o))))
                               (f64.mul (f64x2.extract_lane 0 (local.get $c3)) (f64.load (i32.add (local.get $a3) (local.get $o))))))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iloop)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $ploop))))

  ;; Two inputs: dotRows for p = 0, 1. The columns go two pairs at a time into separate sums, so
  ;; four additions are in flight, as in the four-input form.
  (func (export "dotRows2") (param $w i32) (param $nOut i32) (param $nIn i32) (param $a i32) (param $out i32)
    (local $i i32) (local $j i32) (local $n2 i32) (local $n4 i32) (local $row i32) (local $wi i32)
    (local $a0 i32) (local $a1 i32) (local $o i32)
    (local $s0 v128) (local $s1 v128) (local $t0 v128) (local $t1 v128) (local $wv v128) (local $x f64)
    (local.set $row (i32.shl (local.get $nIn) (i32.const 3)))
    (local.set $n2 (i32.and (local.get $nIn) (i32.const -2)))
    (local.set $n4 (i32.and (local.get $nIn) (i32.const -4)))
    (local.set $a0 (local.get $a))
    (local.set $a1 (i32.add (local.get $a) (local.get $row)))
    (local.set $i (i32.const 0))
    (block $idone
      (loop $iloop
        (br_if $idone (i32.ge_u (local.get $i) (local.get $nOut)))
        (local.set $wi (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $row))))
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $s1 (v128.const f64x2 0 0))
        (local.set $t0 (v128.const f64x2 0 0))
        (local.set $t1 (v128.const f64x2 0 0))
        (local.set $j (i32.const 0))
        (block $jdone
          (loop $jloop
            (br_if $jdone (i32.ge_u (local.get $j) (local.get $n4)))
            (local.set $o (i32.shl (local.get $j) (i32.const 3)))
            (local.set $wv (v128.load (i32.add (local.get $wi) (local.get $o))))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $a0) (local.get $o))))))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $a1) (local.get $o))))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (local.set $wv (v128.load (i32.add (local.get $wi) (local.get $o))))
            (local.set $t0 (f64x2.add (local.get $t0) (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $a0) (local.get $o))))))
            (local.set $t1 (f64x2.add (local.get $t1) (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $a1) (local.get $o))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $jloop)))
        ;; A leftover pair of columns, then an odd one (into lane 0).
        (if (i32.lt_u (local.get $n4) (local.get $n2))
          (then
            (local.set $o (i32.shl (local.get $n4) (i32.const 3)))
            (local.set $wv (v128.load (i32.add (local.get $wi) (local.get $o))))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $a0) (local.get $o))))))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $a1) (local.get $o))))))))
        (if (i32.lt_u (local.get $n2) (local.get $nIn))
          (then
            (local.set $o (i32.shl (local.get $n2) (i32.const 3)))
            (local.set $x (f64.load (i32.add (local.get $wi) (local.get $o))))
            (local.set $t0 (f64x2.replace_lane 0 (local.get $t0) (f64.add (f64x2.extract_lane 0 (local.get $t0)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $a0) (local.get $o)))))))
            (local.set $t1 (f64x2.replace_lane 0 (local.get $t1) (f64.add (f64x2.extract_lane 0 (local.get $t1)) (f64.mul (local.get $x) (f64.load (i32.add (local.get $a1) (local.get $o)))))))))
        (local.set $s0 (f64x2.add (local.get $s0) (local.get $t0)))
        (local.set $s1 (f64x2.add (local.get $s1) (local.get $t1)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3))))
        (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $nOut) (i32.const 3))))
        (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop))))

  ;; Two inputs: backRows for p = 0, 1.
  (func (export "backRows2") (param $w i32) (param $nOut i32) (param $nIn i32) (param $u i32) (param $out i32)
    (local $i i32) (local $j i32) (local $n2 i32) (local $row i32) (local $wi i32) (local $o i32)
    (local $o0 i32) (local $o1 i32) (local $up i32)
    (local $c0 v128) (local $c1 v128) (local $wv v128) (local $x f64)
    (local.set $row (i32.shl (local.get $nIn) (i32.const 3)))
    (local.set $n2 (i32.and (local.get $nIn) (i32.const -2)))
    (local.set $o0 (local.get $out))
    (local.set $o1 (i32.add (local.get $out) (local.get $row)))
    (local.set $i (i32.const 0))
    (block $idone
      (loop $iloop
        (br_if $idone (i32.ge_u (local.get $i) (local.get $nOut)))
        (local.set $wi (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $row))))
        (local.set $up (i32.add (local.get $u) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $c0 (f64x2.splat (f64.load (local.get $up))))
        (local.set $c1 (f64x2.splat (f64.load (i32.add (local.get $up) (i32.shl (local.get $nOut) (i32.const 3))))))
        (local.set $j (i32.const 0))
        (block $jdone
          (loop $jloop
            (br_if $jdone (i32.ge_u (local.get $j) (local.get $n2)))
            (local.set $o (i32.shl (local.get $j) (i32.const 3)))
            (local.set $wv (v128.load (i32.add (local.get $wi) (local.get $o))))
            (v128.store (i32.add (local.get $o0) (local.get $o)) (f64x2.add (v128.load (i32.add (local.get $o0) (local.get $o))) (f64x2.mul (local.get $wv) (local.get $c0))))
            (v128.store (i32.add (local.get $o1) (local.get $o)) (f64x2.add (v128.load (i32.add (local.get $o1) (local.get $o))) (f64x2.mul (local.get $wv) (local.get $c1))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jloop)))
        (if (i32.lt_u (local.get $n2) (local.get $nIn))
          (then
            (local.set $o (i32.shl (local.get $n2) (i32.const 3)))
            (local.set $x (f64.load (i32.add (local.get $wi) (local.get $o))))
            (f64.store (i32.add (local.get $o0) (local.get $o)) (f64.add (f64.load (i32.add (local.get $o0) (local.get $o))) (f64.mul (local.get $x) (f64x2.extract_lane 0 (local.get $c0)))))
            (f64.store (i32.add (local.get $o1) (local.get $o)) (f64.add (f64.load (i32.add (local.get $o1) (local.get $o))) (f64.mul (local.get $x) (f64x2.extract_lane 0 (local.get $c1)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop))))

  ;; Two inputs: updateRows for p = 0, 1.
  (func (export "updateRows2") (param $w i32) (param $nOut i32) (param $nIn i32) (param $d i32) (param $a i32) (param $coef f64)
    (local $i i32) (local $j i32) (local $n2 i32) (local $row i32) (local $wi i32) (local $o i32)
    (local $a0 i32) (local $a1 i32) (local $dp i32)
    (local $c0 v128) (local $c1 v128) (local $g v128)
    (local.set $row (i32.shl (local.get $nIn) (i32.const 3)))
    (local.set $n2 (i32.and (local.get $nIn) (i32.const -2)))
    (local.set $a0 (local.get $a))
    (local.set $a1 (i32.add (local.get $a) (local.get $row)))
    (local.set $i (i32.const 0))
    (block $idone
      (loop $iloop
        (br_if $idone (i32.ge_u (local.get $i) (local.get $nOut)))
        (local.set $wi (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $row))))
        (local.set $dp (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $c0 (f64x2.splat (f64.mul (local.get $coef) (f64.load (local.get $dp)))))
        (local.set $c1 (f64x2.splat (f64.mul (local.get $coef) (f64.load (i32.add (local.get $dp) (i32.shl (local.get $nOut) (i32.const 3)))))))
        (local.set $j (i32.const 0))
        (block $jdone
          (loop $jloop
            (br_if $jdone (i32.ge_u (local.get $j) (local.get $n2)))
            (local.set $o (i32.shl (local.get $j) (i32.const 3)))
            (local.set $g (f64x2.add
              (f64x2.mul (local.get $c0) (v128.load (i32.add (local.get $a0) (local.get $o))))
              (f64x2.mul (local.get $c1) (v128.load (i32.add (local.get $a1) (local.get $o))))))
            (v128.store (i32.add (local.get $wi) (local.get $o)) (f64x2.sub (v128.load (i32.add (local.get $wi) (local.get $o))) (local.get $g)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jloop)))
        (if (i32.lt_u (local.get $n2) (local.get $nIn))
          (then
            (local.set $o (i32.shl (local.get $n2) (i32.const 3)))
            (f64.store (i32.add (local.get $wi) (local.get $o))
              (f64.sub (f64.load (i32.add (local.get $wi) (local.get $o)))
                (f64.add
                  (f64.mul (f64x2.extract_lane 0 (local.get $c0)) (f64.load (i32.add (local.get $a0) (local.get $o))))
                  (f64.mul (f64x2.extract_lane 0 (local.get $c1)) (f64.load (i32.add (local.get $a1) (local.get $o)))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop))))
)
