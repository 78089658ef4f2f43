;; A module that exercises every path of wasm-rt-mcu.c: each kind of trap, recovery after a trap,
;; memory bounds at the last byte, memory.grow at the maximum, data segments after re-instantiation,
;; function-type identity through call_indirect. Translated by wasm2c for rt-test.c.
(module
  (type $i2i (func (param i32) (result i32)))
  (type $i2i_again (func (param i32) (result i32)))   ;; same signature: must get the same type id
  (type $v2i (func (result i32)))
  (memory (export "memory") 1 1)
  (data (i32.const 100) "\2a\00\00\00")
  (table 3 3 funcref)
  (elem (i32.const 0) $double $const7)
  (global $counter (mut i32) (i32.const 0))

  (func $double (type $i2i) (i32.mul (local.get 0) (i32.const 2)))
  (func $const7 (type $v2i) (i32.const 7))

  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))
  (func (export "unreachable") (unreachable))
  (func (export "divs") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $recurse (i32.sub (local.get 0) (i32.const 1)))))))
  ;; call_indirect with type $i2i_again on slot 0 ($double, declared with $i2i): same signature, must work
  (func (export "callI2I") (param i32 i32) (result i32)
    (call_indirect (type $i2i_again) (local.get 1) (local.get 0)))
  ;; call_indirect with type $v2i
  (func (export "callV2I") (param i32) (result i32)
    (call_indirect (type $v2i) (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
)
