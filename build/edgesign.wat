(module
 (type $0 (func (result i32)))
 (type $1 (func (param i32)))
 (type $2 (func (param i32 i32)))
 (type $3 (func))
 (type $4 (func (param i32 i32) (result i32)))
 (type $5 (func (param i32 i32 i32) (result i32)))
 (type $6 (func (param i32 i64) (result i32)))
 (type $7 (func (param i32 f64) (result i32)))
 (type $8 (func (param i32 f32) (result i32)))
 (type $9 (func (param i32 i32 i64) (result i32)))
 (type $10 (func (param i64 i64 i64 i32) (result i64)))
 (type $11 (func (param i32 i64)))
 (type $12 (func (param i64 i32 i64) (result i64)))
 (type $13 (func (param i32 i32 i64 i32) (result i32)))
 (type $14 (func (param i32) (result i32)))
 (type $15 (func (param i32 f64 f64 i32) (result i32)))
 (global $assembly/header/cbor (mut i32) (i32.const 0))
 (global $assembly/header/hasIat (mut i32) (i32.const 0))
 (global $assembly/header/iat (mut i64) (i64.const 0))
 (global $assembly/header/hasName (mut i32) (i32.const 0))
 (global $assembly/header/intervalMs (mut f64) (f64.const 0))
 (global $assembly/header/intervalAsFloat (mut i32) (i32.const 0))
 (global $assembly/header/nSensors (mut i32) (i32.const 0))
 (global $assembly/header/lens (mut i32) (i32.const 0))
 (global $assembly/header/strings (mut i32) (i32.const 0))
 (global $assembly/header/start (mut i32) (i32.const 0))
 (global $assembly/header/sigAt (mut i32) (i32.const 0))
 (global $assembly/dtoa/outE10 (mut i32) (i32.const 0))
 (global $assembly/dtoa/powLo (mut i64) (i64.const 0))
 (global $assembly/dtoa/powHi (mut i64) (i64.const 0))
 (global $assembly/dtoa/mulHi (mut i64) (i64.const 0))
 (memory $0 1 1)
 (data $5 (i32.const 50608) "\98/\8aB\91D7q\cf\fb\c0\b5\a5\db\b5\e9[\c2V9\f1\11\f1Y\a4\82?\92\d5^\1c\ab\98\aa\07\d8\01[\83\12\be\851$\c3}\0cUt]\ber\fe\b1\de\80\a7\06\dc\9bt\f1\9b\c1\c1i\9b\e4\86G\be\ef\c6\9d\c1\0f\cc\a1\0c$o,\e9-\aa\84tJ\dc\a9\b0\\\da\88\f9vRQ>\98m\c61\a8\c8\'\03\b0\c7\7fY\bf\f3\0b\e0\c6G\91\a7\d5Qc\ca\06g))\14\85\n\b7\'8!\1b.\fcm,M\13\r8STs\ne\bb\njv.\c9\c2\81\85,r\92\a1\e8\bf\a2Kf\1a\a8p\8bK\c2\a3Ql\c7\19\e8\92\d1$\06\99\d6\855\0e\f4p\a0j\10\16\c1\a4\19\08l7\1eLwH\'\b5\bc\b04\b3\0c\1c9J\aa\d8NO\ca\9c[\f3o.h\ee\82\8ftoc\a5x\14x\c8\84\08\02\c7\8c\fa\ff\be\90\eblP\a4\f7\a3\f9\be\f2xq\c6")
 (data $7 (i32.const 51132) "\0c\01")
 (data $7.1 (i32.const 51144) "\02\00\00\00\fa\00\00\00{\00\"\00p\00r\00o\00t\00e\00c\00t\00e\00d\00\"\00:\00{\00\"\00v\00e\00r\00\"\00:\00\"\00v\001\00\"\00,\00\"\00a\00l\00g\00\"\00:\00\"\00H\00S\002\005\006\00\"\00\02\00}\00,\00\"\00s\00i\00g\00n\00a\00t\00u\00r\00e\00\"\00:\00\"\00\03\00\"\00,\00\"\00p\00a\00y\00l\00o\00a\00d\00\"\00:\00{\00\05\00\"\00d\00e\00v\00i\00c\00e\00_\00t\00y\00p\00e\00\"\00:\00\06\00,\00\"\00i\00n\00t\00e\00r\00v\00a\00l\00_\00m\00s\00\"\00:\00\07\00,\00\"\00s\00e\00n\00s\00o\00r\00s\00\"\00:\00[\00\08\00]\00,\00\"\00v\00a\00l\00u\00e\00s\00\"\00:\00[")
 (data $8 (i32.const 51404) "\dc")
 (data $8.1 (i32.const 51416) "\02\00\00\00\c0\00\00\00\a3\00i\00p\00r\00o\00t\00e\00c\00t\00e\00d\00\01\00c\00v\00e\00r\00b\00v\001\00c\00a\00l\00g\00e\00H\00S\002\005\006\00\02\00i\00s\00i\00g\00n\00a\00t\00u\00r\00e\00x\00@\00\03\00g\00p\00a\00y\00l\00o\00a\00d\00\04\00\05\00k\00d\00e\00v\00i\00c\00e\00_\00t\00y\00p\00e\00\06\00k\00i\00n\00t\00e\00r\00v\00a\00l\00_\00m\00s\00\07\00g\00s\00e\00n\00s\00o\00r\00s\00\08\00f\00v\00a\00l\00u\00e\00s\00\9f")
 (data $9 (i32.const 51628) "\1c")
 (data $9.1 (i32.const 51640) "\02\00\00\00\08\00\00\00c\00i\00a\00t")
 (data $10 (i32.const 51660) ",")
 (data $10.1 (i32.const 51672) "\02\00\00\00\0e\00\00\00,\00\"\00i\00a\00t\00\"\00:")
 (data $11 (i32.const 51718) "\f0?\00\00\00\00\00\00$@\00\00\00\00\00\00Y@\00\00\00\00\00@\8f@\00\00\00\00\00\88\c3@\00\00\00\00\00j\f8@\00\00\00\00\80\84.A\00\00\00\00\d0\12cA\00\00\00\00\84\d7\97A\00\00\00\00e\cd\cdA\00\00\00 _\a0\02B\00\00\00\e8vH7B\00\00\00\a2\94\1amB\00\00@\e5\9c0\a2B\00\00\90\1e\c4\bc\d6B\00\004&\f5k\0cC\00\80\e07y\c3AC\00\a0\d8\85W4vC\00\c8Ngm\c1\abC\00=\91`\e4X\e1C@\8c\b5x\1d\af\15DP\ef\e2\d6\e4\1aKD")
 (data $12 (i32.const 51888) "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899")
 (data $13 (i32.const 52092) ",")
 (data $13.1 (i32.const 52104) "\02\00\00\00\18\00\00\00k\00d\00e\00v\00i\00c\00e\00_\00n\00a\00m\00e")
 (data $14 (i32.const 52140) ",")
 (data $14.1 (i32.const 52152) "\02\00\00\00\1c\00\00\00\"\00d\00e\00v\00i\00c\00e\00_\00n\00a\00m\00e\00\"\00:")
 (data $15 (i32.const 52188) "\1c")
 (data $15.1 (i32.const 52200) "\02\00\00\00\02\00\00\00,")
 (data $16 (i32.const 52239) " 3Pe\c0_\c9\a6R\bb\13\cb\ae\c4@\c2\18\05\c8\dfq\00\d5\a8|\f5o\0f\daX\fc\'\13mGV5}$ e\02\c7\e7h\e4\8c\a4\1d\e8\e6\02h\d7\cd9ayw\fc\c2@[\ef\16x\8c\deC\ff\a7Q\f9\91\f3\b2x\f5\bd\be\11\e7W\e9\d6\e8\be\e8{\b0T\ac\8f\84\8du\1b\e9#\a4\99\e9\f9\d3\8b\b7\a3q@a\da>\15\cd\e3>\cbs\f9H\08\8c\97\b4\'\d5\1bp\10\a1\bf\ef\b9\eb\852\15M\b4M\b4\9b\bbo\19\95\b6\07l\f8\e7\ee\ad6\d9\b4\f5\915\ae\13!\"\18\afNjhM\91\da\aa=O@t\1e\9e\bd\9e\e0\06\a1\c0\98W\c2\a7\fd\a4\0e\90\17")
 (data $17 (i32.const 52447) "\10\00\00\00\00\00\00\00\00\b94\032\b7\f4\ad\14\10\db\1a\b3\08\92T\0e\r0}\95\14G\ba\1af\08\8fM&\ad\c6m\f5\98\bf\85\e2\b7E\11\ca\96\85=\92\bd\1d\eb\fc\a1\18`\dc\efR\16<\92\ae\"\0b\b8\c1\b4\83\9d-[\05b\da\1c0L~\8fN\8b\b2[\16\f4R\9f\8bV\a5\12\fb\d4\82vC\ed\8a\f0\8f\e7\f91\15e\19\18P\f1\9b\d9J\13\ee\b4(L\f0\a6\86\c1%\1f\03_\c2p\cb\9eI\16\e6B\88\9cD\eb \14\b0e\086\adn\a5\85\85\f0\ca\14\e2\fd\03\1a\0b\89\99y\d5\b1=\t\d8\da\97:5\eb\cf\10\ac6?^s\bb8\cf>gR\faD\af\ba\15")
 (data $18 (i32.const 52640) "\a9\9a\a9\a9\9a\aaZYUeYeiY\95UUUV\95\aa\aaj\96\a9YUU\99UVUUUU\95\96UU\99\a5\99\9a\a5\a9U\aa\aa\a9\aa\ba\a6U\95U\95VUUVUZVUf\a9\a6\a6\a9\aa\aaZ\15")
 (data $19 (i32.const 52735) "@\95YiYUUTU\15UUV\04\05\15A\10TU@EQUD@EPDPUUE\00@\00@@\04D\96eUVUE@ETQA\15@U\91UUUU@Q\05\01")
 (data $20 (i32.const 52800) "\01\00\00\00\00\00\00\00\05\00\00\00\00\00\00\00\19\00\00\00\00\00\00\00}\00\00\00\00\00\00\00q\02\00\00\00\00\00\005\0c\00\00\00\00\00\00\t=\00\00\00\00\00\00-1\01\00\00\00\00\00\e1\f5\05\00\00\00\00\00e\cd\1d\00\00\00\00\00\f9\02\95\00\00\00\00\00\dd\0e\e9\02\00\00\00\00QJ\8d\0e\00\00\00\00\95s\c2H\00\00\00\00\e9A\cck\01\00\00\00\8dI\fd\1a\07\00\00\00\c1o\f2\86#\00\00\00\c5.\bc\a2\b1\00\00\00\d9\e9\ac-x\03\00\00=\91`\e4X\11\00\001\d6\e2u\bcV\00\00\f5.nM\ae\b1\01\00\c9\ea&\83gx\08\00\ed\95\c2\8f\05Z*\00\a1\ed\cc\ce\1b\c2\d3\00%\a4\00\n\8b\ca\"\04")
 (data $21 (i32.const 53020) "\1c")
 (data $21.1 (i32.const 53032) "\02\00\00\00\0c\00\00\00\a2\00d\00n\00a\00m\00e")
 (data $22 (i32.const 53052) "\1c")
 (data $22.1 (i32.const 53064) "\02\00\00\00\0c\00\00\00e\00u\00n\00i\00t\00s")
 (data $23 (i32.const 53084) ",")
 (data $23.1 (i32.const 53096) "\02\00\00\00\10\00\00\00{\00\"\00n\00a\00m\00e\00\"\00:")
 (data $24 (i32.const 53132) ",")
 (data $24.1 (i32.const 53144) "\02\00\00\00\12\00\00\00,\00{\00\"\00n\00a\00m\00e\00\"\00:")
 (data $25 (i32.const 53180) ",")
 (data $25.1 (i32.const 53192) "\02\00\00\00\12\00\00\00,\00\"\00u\00n\00i\00t\00s\00\"\00:")
 (data $26 (i32.const 53228) "\1c")
 (data $26.1 (i32.const 53240) "\02\00\00\00\02\00\00\00}")
 (export "version" (func $assembly/abi/version))
 (export "inPtr" (func $assembly/abi/inPtr))
 (export "inCap" (func $assembly/abi/inCap))
 (export "outPtr" (func $assembly/abi/outPtr))
 (export "outCap" (func $assembly/abi/outCap))
 (export "ctxPtr" (func $assembly/abi/ctxPtr))
 (export "ctxSize" (func $assembly/abi/ctxSize))
 (export "digestPtr" (func $assembly/abi/digestPtr))
 (export "sha256Init" (func $assembly/abi/sha256Init))
 (export "hashUpdate" (func $assembly/abi/hashUpdate))
 (export "sha256Finish" (func $assembly/abi/sha256Finish))
 (export "hmacKey" (func $assembly/abi/hmacKey))
 (export "hmacReset" (func $assembly/abi/hmacReset))
 (export "hmacFinish" (func $assembly/abi/hmacFinish))
 (export "msgBegin" (func $assembly/message/msgBegin))
 (export "msgValues" (func $assembly/message/msgValues))
 (export "msgString" (func $assembly/message/msgString))
 (export "msgDrain" (func $assembly/message/msgDrain))
 (export "msgClose" (func $assembly/message/msgClose))
 (export "msgFinish" (func $assembly/message/msgFinish))
 (export "sigOffset" (func $assembly/message/sigOffset))
 (export "memory" (memory $0))
 (func $assembly/dtoa/writeU64 (param $0 i32) (param $1 i64) (result i32)
  (local $2 i64)
  local.get $0
  i32.const 64
  local.get $1
  i64.const 1
  i64.or
  local.tee $2
  i64.clz
  i32.wrap_i64
  i32.sub
  i32.const 1233
  i32.mul
  i32.const 12
  i32.shr_s
  local.tee $0
  i32.const 1
  i32.add
  local.get $2
  local.get $0
  i32.const 3
  i32.shl
  i32.const 51712
  i32.add
  f64.load
  i64.trunc_f64_u
  i64.lt_u
  i32.sub
  local.tee $0
  i32.add
  local.get $1
  call $assembly/dtoa/writeDigits
  local.get $0
 )
 (func $assembly/cbor/cborHead (param $0 i32) (param $1 i32) (param $2 i64) (result i32)
  local.get $2
  i64.const 24
  i64.lt_u
  if
   local.get $0
   local.get $1
   local.get $2
   i32.wrap_i64
   i32.or
   i32.store8
   local.get $0
   i32.const 1
   i32.add
   return
  end
  local.get $2
  i64.const 256
  i64.lt_u
  if
   local.get $0
   local.get $1
   i32.const 24
   i32.or
   i32.store8
   local.get $0
   local.get $2
   i64.store8 offset=1
   local.get $0
   i32.const 2
   i32.add
   return
  end
  local.get $2
  i64.const 65536
  i64.lt_u
  if
   local.get $0
   local.get $1
   i32.const 25
   i32.or
   i32.store8
   local.get $0
   local.get $2
   i32.wrap_i64
   local.tee $1
   i32.const 8
   i32.shl
   local.get $1
   i32.const 65535
   i32.and
   i32.const 8
   i32.shr_u
   i32.or
   i32.store16 offset=1
   local.get $0
   i32.const 3
   i32.add
   return
  end
  local.get $2
  i64.const 4294967296
  i64.lt_u
  if
   local.get $0
   local.get $1
   i32.const 26
   i32.or
   i32.store8
   local.get $0
   local.get $2
   i32.wrap_i64
   local.tee $1
   i32.const -16711936
   i32.and
   i32.const 8
   i32.rotl
   local.get $1
   i32.const 16711935
   i32.and
   i32.const 8
   i32.rotr
   i32.or
   i32.store offset=1
   local.get $0
   i32.const 5
   i32.add
   return
  end
  local.get $0
  local.get $1
  i32.const 27
  i32.or
  i32.store8
  local.get $0
  local.get $2
  i64.const 8
  i64.shr_u
  i64.const 71777214294589695
  i64.and
  local.get $2
  i64.const 71777214294589695
  i64.and
  i64.const 8
  i64.shl
  i64.or
  local.tee $2
  i64.const 16
  i64.shr_u
  i64.const 281470681808895
  i64.and
  local.get $2
  i64.const 281470681808895
  i64.and
  i64.const 16
  i64.shl
  i64.or
  i64.const 32
  i64.rotr
  i64.store offset=1
  local.get $0
  i32.const 9
  i32.add
 )
 (func $assembly/dtoa/writeI32 (param $0 i32) (param $1 i32) (result i32)
  local.get $1
  i32.const 0
  i32.ge_s
  if
   local.get $0
   local.get $1
   i64.extend_i32_s
   call $assembly/dtoa/writeU64
   return
  end
  local.get $0
  i32.const 45
  i32.store8
  local.get $0
  i32.const 1
  i32.add
  i32.const 0
  local.get $1
  i32.sub
  i64.extend_i32_u
  call $assembly/dtoa/writeU64
  i32.const 1
  i32.add
 )
 (func $assembly/header/str (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  global.get $assembly/header/cbor
  if (result i32)
   global.get $assembly/header/strings
   local.set $2
   loop $for-loop|0
    local.get $1
    local.get $3
    i32.gt_u
    if
     local.get $2
     global.get $assembly/header/lens
     local.get $3
     i32.const 2
     i32.shl
     i32.add
     i32.load
     i32.add
     local.set $2
     local.get $3
     i32.const 1
     i32.add
     local.set $3
     br $for-loop|0
    end
   end
   local.get $0
   local.get $2
   global.get $assembly/header/lens
   local.get $1
   i32.const 2
   i32.shl
   i32.add
   i32.load
   call $assembly/cbor/cborText
  else
   global.get $assembly/header/strings
   local.set $2
   loop $for-loop|00
    local.get $1
    local.get $3
    i32.gt_u
    if
     local.get $2
     global.get $assembly/header/lens
     local.get $3
     i32.const 2
     i32.shl
     i32.add
     i32.load
     i32.add
     local.set $2
     local.get $3
     i32.const 1
     i32.add
     local.set $3
     br $for-loop|00
    end
   end
   local.get $0
   local.get $2
   global.get $assembly/header/lens
   local.get $1
   i32.const 2
   i32.shl
   i32.add
   i32.load
   call $assembly/json/jsonString
  end
 )
 (func $assembly/dtoa/mulShift128 (param $0 i64) (param $1 i64) (param $2 i64) (param $3 i32) (result i64)
  (local $4 i64)
  (local $5 i64)
  (local $6 i64)
  (local $7 i64)
  (local $8 i64)
  local.get $0
  i64.const 4294967295
  i64.and
  local.tee $4
  local.get $1
  i64.const 4294967295
  i64.and
  local.tee $5
  i64.mul
  local.set $6
  local.get $1
  i64.const 32
  i64.shr_u
  local.tee $1
  local.get $4
  i64.mul
  local.tee $7
  i64.const 4294967295
  i64.and
  local.get $6
  i64.const 32
  i64.shr_u
  i64.add
  local.get $0
  i64.const 32
  i64.shr_u
  local.tee $0
  local.get $5
  i64.mul
  local.tee $5
  i64.const 4294967295
  i64.and
  i64.add
  local.set $8
  local.get $0
  local.get $1
  i64.mul
  local.get $7
  i64.const 32
  i64.shr_u
  i64.add
  local.get $5
  i64.const 32
  i64.shr_u
  i64.add
  local.get $8
  i64.const 32
  i64.shr_u
  i64.add
  global.set $assembly/dtoa/mulHi
  local.get $6
  i64.const 4294967295
  i64.and
  local.get $8
  i64.const 32
  i64.shl
  i64.or
  local.set $1
  global.get $assembly/dtoa/mulHi
  local.set $5
  local.get $2
  i64.const 32
  i64.shr_u
  local.tee $6
  local.get $4
  i64.mul
  local.tee $7
  i64.const 4294967295
  i64.and
  local.get $2
  i64.const 4294967295
  i64.and
  local.tee $2
  local.get $4
  i64.mul
  local.tee $4
  i64.const 32
  i64.shr_u
  i64.add
  local.get $0
  local.get $2
  i64.mul
  local.tee $2
  i64.const 4294967295
  i64.and
  i64.add
  local.set $8
  local.get $0
  local.get $6
  i64.mul
  local.get $7
  i64.const 32
  i64.shr_u
  i64.add
  local.get $2
  i64.const 32
  i64.shr_u
  i64.add
  local.get $8
  i64.const 32
  i64.shr_u
  i64.add
  global.set $assembly/dtoa/mulHi
  global.get $assembly/dtoa/mulHi
  local.get $5
  local.get $4
  i64.const 4294967295
  i64.and
  local.get $8
  i64.const 32
  i64.shl
  i64.or
  local.get $5
  i64.add
  local.tee $0
  i64.gt_u
  i64.extend_i32_u
  i64.add
  local.set $2
  local.get $3
  i32.const 64
  i32.gt_u
  if (result i64)
   local.get $0
   local.set $1
   local.get $2
   local.set $0
   local.get $3
   i32.const -64
   i32.add
   local.set $3
   i64.const 0
  else
   local.get $2
  end
  i64.const 64
  local.get $3
  i64.extend_i32_u
  local.tee $2
  i64.sub
  local.tee $4
  i64.shl
  local.get $0
  local.get $2
  i64.shr_u
  i64.or
  global.set $assembly/dtoa/mulHi
  local.get $0
  local.get $4
  i64.shl
  local.get $1
  local.get $2
  i64.shr_u
  i64.or
 )
 (func $assembly/sha256/hashAbsorb (param $0 i32) (param $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i64)
  i32.const 50560
  i64.load
  local.tee $6
  i64.const 63
  i64.and
  i32.wrap_i64
  local.set $2
  i32.const 50560
  local.get $6
  local.get $1
  i64.extend_i32_u
  i64.add
  i64.store
  local.get $2
  if
   i32.const 64
   local.get $2
   i32.sub
   local.tee $4
   local.get $1
   i32.gt_u
   if
    local.get $2
    i32.const 50496
    i32.add
    local.set $2
    loop $while-continue|0
     local.get $1
     i32.const 4
     i32.ge_u
     if
      local.get $2
      local.get $0
      i32.load
      i32.store
      local.get $2
      i32.const 4
      i32.add
      local.set $2
      local.get $0
      i32.const 4
      i32.add
      local.set $0
      local.get $1
      i32.const 4
      i32.sub
      local.set $1
      br $while-continue|0
     end
    end
    loop $while-continue|1
     local.get $1
     if
      local.get $2
      local.get $0
      i32.load8_u
      i32.store8
      local.get $2
      i32.const 1
      i32.add
      local.set $2
      local.get $0
      i32.const 1
      i32.add
      local.set $0
      local.get $1
      i32.const 1
      i32.sub
      local.set $1
      br $while-continue|1
     end
    end
    return
   end
   local.get $2
   i32.const 50496
   i32.add
   local.set $5
   local.get $0
   local.set $2
   local.get $4
   local.set $3
   loop $while-continue|01
    local.get $3
    i32.const 4
    i32.ge_u
    if
     local.get $5
     local.get $2
     i32.load
     i32.store
     local.get $5
     i32.const 4
     i32.add
     local.set $5
     local.get $2
     i32.const 4
     i32.add
     local.set $2
     local.get $3
     i32.const 4
     i32.sub
     local.set $3
     br $while-continue|01
    end
   end
   loop $while-continue|13
    local.get $3
    if
     local.get $5
     local.get $2
     i32.load8_u
     i32.store8
     local.get $5
     i32.const 1
     i32.add
     local.set $5
     local.get $2
     i32.const 1
     i32.add
     local.set $2
     local.get $3
     i32.const 1
     i32.sub
     local.set $3
     br $while-continue|13
    end
   end
   i32.const 50400
   i32.const 50496
   call $assembly/sha256-unrolled/compressPeeled
   local.get $1
   local.get $4
   i32.sub
   local.set $1
   local.get $0
   local.get $4
   i32.add
   local.set $0
  end
  loop $while-continue|05
   local.get $1
   i32.const 64
   i32.ge_u
   if
    i32.const 50400
    local.get $0
    call $assembly/sha256-unrolled/compressPeeled
    local.get $0
    i32.const -64
    i32.sub
    local.set $0
    local.get $1
    i32.const -64
    i32.add
    local.set $1
    br $while-continue|05
   end
  end
  local.get $1
  if
   i32.const 50496
   local.set $2
   loop $while-continue|07
    local.get $1
    i32.const 4
    i32.ge_u
    if
     local.get $2
     local.get $0
     i32.load
     i32.store
     local.get $2
     i32.const 4
     i32.add
     local.set $2
     local.get $0
     i32.const 4
     i32.add
     local.set $0
     local.get $1
     i32.const 4
     i32.sub
     local.set $1
     br $while-continue|07
    end
   end
   loop $while-continue|19
    local.get $1
    if
     local.get $2
     local.get $0
     i32.load8_u
     i32.store8
     local.get $2
     i32.const 1
     i32.add
     local.set $2
     local.get $0
     i32.const 1
     i32.add
     local.set $0
     local.get $1
     i32.const 1
     i32.sub
     local.set $1
     br $while-continue|19
    end
   end
  end
 )
 (func $assembly/sha256-unrolled/compressPeeled (param $0 i32) (param $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 i32)
  (local $14 i32)
  (local $15 i32)
  (local $16 i32)
  (local $17 i32)
  (local $18 i32)
  (local $19 i32)
  (local $20 i32)
  (local $21 i32)
  (local $22 i32)
  (local $23 i32)
  (local $24 i32)
  (local $25 i32)
  (local $26 i32)
  (local $27 i32)
  (local $28 i32)
  (local $29 i32)
  local.get $0
  i32.load
  local.set $2
  local.get $0
  i32.load offset=4
  local.set $3
  local.get $0
  i32.load offset=8
  local.set $4
  local.get $0
  i32.load offset=12
  local.set $5
  local.get $0
  i32.load offset=16
  local.set $7
  local.get $0
  i32.load offset=20
  local.set $8
  local.get $0
  i32.load offset=24
  local.set $9
  local.get $0
  i32.load offset=28
  local.set $10
  loop $for-loop|0
   local.get $6
   i32.const 64
   i32.lt_u
   if
    local.get $6
    i32.const 50336
    i32.add
    local.get $1
    local.get $6
    i32.add
    i32.load
    local.tee $11
    i32.const -16711936
    i32.and
    i32.const 8
    i32.rotl
    local.get $11
    i32.const 16711935
    i32.and
    i32.const 8
    i32.rotr
    i32.or
    i32.store
    local.get $6
    i32.const 4
    i32.add
    local.set $6
    br $for-loop|0
   end
  end
  local.get $8
  i32.const 50344
  i32.load
  local.tee $23
  local.get $9
  i32.const 50340
  i32.load
  local.tee $26
  local.get $5
  local.get $10
  i32.const 50336
  i32.load
  local.tee $25
  local.get $7
  i32.const 6
  i32.rotr
  local.get $7
  i32.const 11
  i32.rotr
  i32.xor
  local.get $7
  i32.const 25
  i32.rotr
  i32.xor
  local.get $9
  local.get $7
  local.get $8
  local.get $9
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 1116352408
  i32.add
  i32.add
  i32.add
  local.tee $1
  i32.add
  local.tee $5
  i32.const 6
  i32.rotr
  local.get $5
  i32.const 11
  i32.rotr
  i32.xor
  local.get $5
  i32.const 25
  i32.rotr
  i32.xor
  local.get $8
  local.get $5
  local.get $7
  local.get $8
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 1899447441
  i32.add
  i32.add
  i32.add
  local.tee $6
  local.get $4
  i32.add
  local.tee $8
  i32.const 6
  i32.rotr
  local.get $8
  i32.const 11
  i32.rotr
  i32.xor
  local.get $8
  i32.const 25
  i32.rotr
  i32.xor
  local.get $7
  local.get $8
  local.get $5
  local.get $7
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 1245643825
  i32.sub
  i32.add
  i32.add
  local.tee $9
  local.get $3
  i32.add
  local.set $10
  local.get $1
  local.get $2
  i32.const 2
  i32.rotr
  local.get $2
  i32.const 13
  i32.rotr
  i32.xor
  local.get $2
  i32.const 22
  i32.rotr
  i32.xor
  local.get $3
  local.get $2
  local.get $3
  i32.xor
  local.tee $1
  local.get $3
  local.get $4
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $3
  local.get $2
  i32.xor
  local.set $4
  local.get $6
  local.get $3
  i32.const 2
  i32.rotr
  local.get $3
  i32.const 13
  i32.rotr
  i32.xor
  local.get $3
  i32.const 22
  i32.rotr
  i32.xor
  local.get $2
  local.get $1
  local.get $4
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $1
  local.get $3
  i32.xor
  local.set $6
  local.get $9
  local.get $1
  i32.const 2
  i32.rotr
  local.get $1
  i32.const 13
  i32.rotr
  i32.xor
  local.get $1
  i32.const 22
  i32.rotr
  i32.xor
  local.get $3
  local.get $4
  local.get $6
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $4
  local.get $1
  i32.xor
  local.set $9
  local.get $5
  i32.const 50352
  i32.load
  local.tee $20
  local.get $7
  i32.const 50348
  i32.load
  local.tee $19
  local.get $10
  i32.const 6
  i32.rotr
  local.get $10
  i32.const 11
  i32.rotr
  i32.xor
  local.get $10
  i32.const 25
  i32.rotr
  i32.xor
  local.get $5
  local.get $10
  local.get $5
  local.get $8
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 373957723
  i32.sub
  i32.add
  i32.add
  local.tee $5
  local.get $2
  i32.add
  local.tee $2
  i32.const 6
  i32.rotr
  local.get $2
  i32.const 11
  i32.rotr
  i32.xor
  local.get $2
  i32.const 25
  i32.rotr
  i32.xor
  local.get $8
  local.get $2
  local.get $8
  local.get $10
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 961987163
  i32.add
  i32.add
  i32.add
  local.tee $7
  local.get $3
  i32.add
  local.set $3
  local.get $5
  local.get $4
  i32.const 2
  i32.rotr
  local.get $4
  i32.const 13
  i32.rotr
  i32.xor
  local.get $4
  i32.const 22
  i32.rotr
  i32.xor
  local.get $1
  local.get $6
  local.get $9
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $5
  local.get $4
  i32.xor
  local.set $6
  local.get $7
  local.get $5
  i32.const 2
  i32.rotr
  local.get $5
  i32.const 13
  i32.rotr
  i32.xor
  local.get $5
  i32.const 22
  i32.rotr
  i32.xor
  local.get $4
  local.get $6
  local.get $9
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $7
  local.get $5
  i32.xor
  local.set $9
  local.get $10
  i32.const 50360
  i32.load
  local.tee $13
  local.get $8
  i32.const 50356
  i32.load
  local.tee $22
  local.get $3
  i32.const 6
  i32.rotr
  local.get $3
  i32.const 11
  i32.rotr
  i32.xor
  local.get $3
  i32.const 25
  i32.rotr
  i32.xor
  local.get $10
  local.get $3
  local.get $2
  local.get $10
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 1508970993
  i32.add
  i32.add
  i32.add
  local.tee $8
  local.get $1
  i32.add
  local.tee $1
  i32.const 6
  i32.rotr
  local.get $1
  i32.const 11
  i32.rotr
  i32.xor
  local.get $1
  i32.const 25
  i32.rotr
  i32.xor
  local.get $2
  local.get $1
  local.get $2
  local.get $3
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 1841331548
  i32.sub
  i32.add
  i32.add
  local.tee $10
  local.get $4
  i32.add
  local.set $4
  local.get $8
  local.get $7
  i32.const 2
  i32.rotr
  local.get $7
  i32.const 13
  i32.rotr
  i32.xor
  local.get $7
  i32.const 22
  i32.rotr
  i32.xor
  local.get $5
  local.get $6
  local.get $9
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $6
  local.get $7
  i32.xor
  local.set $8
  local.get $10
  local.get $6
  i32.const 2
  i32.rotr
  local.get $6
  i32.const 13
  i32.rotr
  i32.xor
  local.get $6
  i32.const 22
  i32.rotr
  i32.xor
  local.get $7
  local.get $8
  local.get $9
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $9
  local.get $6
  i32.xor
  local.set $10
  local.get $3
  i32.const 50368
  i32.load
  local.tee $14
  local.get $2
  i32.const 50364
  i32.load
  local.tee $15
  local.get $4
  i32.const 6
  i32.rotr
  local.get $4
  i32.const 11
  i32.rotr
  i32.xor
  local.get $4
  i32.const 25
  i32.rotr
  i32.xor
  local.get $3
  local.get $4
  local.get $1
  local.get $3
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 1424204075
  i32.sub
  i32.add
  i32.add
  local.tee $2
  local.get $5
  i32.add
  local.tee $3
  i32.const 6
  i32.rotr
  local.get $3
  i32.const 11
  i32.rotr
  i32.xor
  local.get $3
  i32.const 25
  i32.rotr
  i32.xor
  local.get $1
  local.get $3
  local.get $1
  local.get $4
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 670586216
  i32.sub
  i32.add
  i32.add
  local.tee $5
  local.get $7
  i32.add
  local.set $7
  local.get $2
  local.get $9
  i32.const 2
  i32.rotr
  local.get $9
  i32.const 13
  i32.rotr
  i32.xor
  local.get $9
  i32.const 22
  i32.rotr
  i32.xor
  local.get $6
  local.get $8
  local.get $10
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $2
  local.get $9
  i32.xor
  local.set $8
  local.get $5
  local.get $2
  i32.const 2
  i32.rotr
  local.get $2
  i32.const 13
  i32.rotr
  i32.xor
  local.get $2
  i32.const 22
  i32.rotr
  i32.xor
  local.get $9
  local.get $8
  local.get $10
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $5
  local.get $2
  i32.xor
  local.set $10
  local.get $4
  i32.const 50376
  i32.load
  local.tee $16
  local.get $1
  i32.const 50372
  i32.load
  local.tee $17
  local.get $7
  i32.const 6
  i32.rotr
  local.get $7
  i32.const 11
  i32.rotr
  i32.xor
  local.get $7
  i32.const 25
  i32.rotr
  i32.xor
  local.get $4
  local.get $7
  local.get $3
  local.get $4
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 310598401
  i32.add
  i32.add
  i32.add
  local.tee $1
  local.get $6
  i32.add
  local.tee $4
  i32.const 6
  i32.rotr
  local.get $4
  i32.const 11
  i32.rotr
  i32.xor
  local.get $4
  i32.const 25
  i32.rotr
  i32.xor
  local.get $3
  local.get $4
  local.get $3
  local.get $7
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 607225278
  i32.add
  i32.add
  i32.add
  local.tee $6
  local.get $9
  i32.add
  local.set $9
  local.get $1
  local.get $5
  i32.const 2
  i32.rotr
  local.get $5
  i32.const 13
  i32.rotr
  i32.xor
  local.get $5
  i32.const 22
  i32.rotr
  i32.xor
  local.get $2
  local.get $8
  local.get $10
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $1
  local.get $5
  i32.xor
  local.set $8
  local.get $6
  local.get $1
  i32.const 2
  i32.rotr
  local.get $1
  i32.const 13
  i32.rotr
  i32.xor
  local.get $1
  i32.const 22
  i32.rotr
  i32.xor
  local.get $5
  local.get $8
  local.get $10
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $10
  local.get $1
  i32.xor
  local.set $11
  local.get $7
  i32.const 50384
  i32.load
  local.tee $21
  local.get $3
  i32.const 50380
  i32.load
  local.tee $24
  local.get $9
  i32.const 6
  i32.rotr
  local.get $9
  i32.const 11
  i32.rotr
  i32.xor
  local.get $9
  i32.const 25
  i32.rotr
  i32.xor
  local.get $7
  local.get $9
  local.get $4
  local.get $7
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 1426881987
  i32.add
  i32.add
  i32.add
  local.tee $3
  local.get $2
  i32.add
  local.tee $18
  i32.const 6
  i32.rotr
  local.get $18
  i32.const 11
  i32.rotr
  i32.xor
  local.get $18
  i32.const 25
  i32.rotr
  i32.xor
  local.get $4
  local.get $18
  local.get $4
  local.get $9
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 1925078388
  i32.add
  i32.add
  i32.add
  local.tee $2
  local.get $5
  i32.add
  local.set $6
  local.get $3
  local.get $10
  i32.const 2
  i32.rotr
  local.get $10
  i32.const 13
  i32.rotr
  i32.xor
  local.get $10
  i32.const 22
  i32.rotr
  i32.xor
  local.get $1
  local.get $8
  local.get $11
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $8
  local.get $10
  i32.xor
  local.set $3
  local.get $8
  local.get $2
  local.get $8
  i32.const 2
  i32.rotr
  local.get $8
  i32.const 13
  i32.rotr
  i32.xor
  local.get $8
  i32.const 22
  i32.rotr
  i32.xor
  local.get $10
  local.get $3
  local.get $11
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $2
  i32.xor
  local.set $27
  local.get $9
  i32.const 50392
  i32.load
  local.tee $11
  local.get $4
  i32.const 50388
  i32.load
  local.tee $12
  local.get $6
  i32.const 6
  i32.rotr
  local.get $6
  i32.const 11
  i32.rotr
  i32.xor
  local.get $6
  i32.const 25
  i32.rotr
  i32.xor
  local.get $9
  local.get $6
  local.get $9
  local.get $18
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 2132889090
  i32.sub
  i32.add
  i32.add
  local.tee $4
  local.get $1
  i32.add
  local.tee $7
  i32.const 6
  i32.rotr
  local.get $7
  i32.const 11
  i32.rotr
  i32.xor
  local.get $7
  i32.const 25
  i32.rotr
  i32.xor
  local.get $18
  local.get $7
  local.get $6
  local.get $18
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 1680079193
  i32.sub
  i32.add
  i32.add
  local.tee $1
  local.get $10
  i32.add
  local.set $5
  local.get $4
  local.get $2
  i32.const 2
  i32.rotr
  local.get $2
  i32.const 13
  i32.rotr
  i32.xor
  local.get $2
  i32.const 22
  i32.rotr
  i32.xor
  local.get $8
  local.get $3
  local.get $27
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $3
  local.get $2
  i32.xor
  local.set $10
  local.get $18
  i32.const 50396
  i32.load
  local.tee $18
  local.get $5
  i32.const 6
  i32.rotr
  local.get $5
  i32.const 11
  i32.rotr
  i32.xor
  local.get $5
  i32.const 25
  i32.rotr
  i32.xor
  local.get $6
  local.get $5
  local.get $6
  local.get $7
  i32.xor
  i32.and
  i32.xor
  i32.add
  i32.const 1046744716
  i32.sub
  i32.add
  i32.add
  local.tee $28
  local.get $8
  i32.add
  local.set $9
  local.get $1
  local.get $3
  i32.const 2
  i32.rotr
  local.get $3
  i32.const 13
  i32.rotr
  i32.xor
  local.get $3
  i32.const 22
  i32.rotr
  i32.xor
  local.get $2
  local.get $10
  local.get $27
  i32.and
  i32.xor
  i32.add
  i32.add
  local.tee $4
  local.get $3
  i32.xor
  local.set $1
  local.get $28
  local.get $4
  i32.const 2
  i32.rotr
  local.get $4
  i32.const 13
  i32.rotr
  i32.xor
  local.get $4
  i32.const 22
  i32.rotr
  i32.xor
  local.get $3
  local.get $1
  local.get $10
  i32.and
  i32.xor
  i32.add
  i32.add
  local.set $10
  i32.const 50672
  local.set $8
  loop $for-loop|1
   local.get $8
   i32.const 50864
   i32.lt_u
   if
    local.get $25
    local.get $17
    local.get $11
    i32.const 17
    i32.rotr
    local.get $11
    i32.const 19
    i32.rotr
    i32.xor
    local.get $11
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $26
    i32.const 7
    i32.rotr
    local.get $26
    i32.const 18
    i32.rotr
    i32.xor
    local.get $26
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $25
    local.get $26
    local.get $16
    local.get $18
    i32.const 17
    i32.rotr
    local.get $18
    i32.const 19
    i32.rotr
    i32.xor
    local.get $18
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $23
    i32.const 7
    i32.rotr
    local.get $23
    i32.const 18
    i32.rotr
    i32.xor
    local.get $23
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $26
    local.get $23
    local.get $24
    local.get $25
    i32.const 17
    i32.rotr
    local.get $25
    i32.const 19
    i32.rotr
    i32.xor
    local.get $25
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $19
    i32.const 7
    i32.rotr
    local.get $19
    i32.const 18
    i32.rotr
    i32.xor
    local.get $19
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $23
    local.get $19
    local.get $21
    local.get $26
    i32.const 17
    i32.rotr
    local.get $26
    i32.const 19
    i32.rotr
    i32.xor
    local.get $26
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $20
    i32.const 7
    i32.rotr
    local.get $20
    i32.const 18
    i32.rotr
    i32.xor
    local.get $20
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $19
    local.get $20
    local.get $12
    local.get $23
    i32.const 17
    i32.rotr
    local.get $23
    i32.const 19
    i32.rotr
    i32.xor
    local.get $23
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $22
    i32.const 7
    i32.rotr
    local.get $22
    i32.const 18
    i32.rotr
    i32.xor
    local.get $22
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $20
    local.get $22
    local.get $11
    local.get $19
    i32.const 17
    i32.rotr
    local.get $19
    i32.const 19
    i32.rotr
    i32.xor
    local.get $19
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $13
    i32.const 7
    i32.rotr
    local.get $13
    i32.const 18
    i32.rotr
    i32.xor
    local.get $13
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $22
    local.get $13
    local.get $18
    local.get $20
    i32.const 17
    i32.rotr
    local.get $20
    i32.const 19
    i32.rotr
    i32.xor
    local.get $20
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $15
    i32.const 7
    i32.rotr
    local.get $15
    i32.const 18
    i32.rotr
    i32.xor
    local.get $15
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $13
    local.get $15
    local.get $25
    local.get $22
    i32.const 17
    i32.rotr
    local.get $22
    i32.const 19
    i32.rotr
    i32.xor
    local.get $22
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $14
    i32.const 7
    i32.rotr
    local.get $14
    i32.const 18
    i32.rotr
    i32.xor
    local.get $14
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $15
    local.get $14
    local.get $26
    local.get $13
    i32.const 17
    i32.rotr
    local.get $13
    i32.const 19
    i32.rotr
    i32.xor
    local.get $13
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $17
    i32.const 7
    i32.rotr
    local.get $17
    i32.const 18
    i32.rotr
    i32.xor
    local.get $17
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $14
    local.get $17
    local.get $23
    local.get $15
    i32.const 17
    i32.rotr
    local.get $15
    i32.const 19
    i32.rotr
    i32.xor
    local.get $15
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $16
    i32.const 7
    i32.rotr
    local.get $16
    i32.const 18
    i32.rotr
    i32.xor
    local.get $16
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $17
    local.get $16
    local.get $19
    local.get $14
    i32.const 17
    i32.rotr
    local.get $14
    i32.const 19
    i32.rotr
    i32.xor
    local.get $14
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $24
    i32.const 7
    i32.rotr
    local.get $24
    i32.const 18
    i32.rotr
    i32.xor
    local.get $24
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.set $16
    local.get $7
    local.get $8
    i32.load offset=4
    local.get $6
    local.get $8
    i32.load
    local.get $9
    i32.const 6
    i32.rotr
    local.get $9
    i32.const 11
    i32.rotr
    i32.xor
    local.get $9
    i32.const 25
    i32.rotr
    i32.xor
    local.get $7
    local.get $9
    local.get $5
    local.get $7
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $25
    i32.add
    i32.add
    local.tee $6
    local.get $2
    i32.add
    local.tee $2
    i32.const 6
    i32.rotr
    local.get $2
    i32.const 11
    i32.rotr
    i32.xor
    local.get $2
    i32.const 25
    i32.rotr
    i32.xor
    local.get $5
    local.get $2
    local.get $5
    local.get $9
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $26
    i32.add
    i32.add
    local.tee $7
    local.get $3
    i32.add
    local.set $3
    local.get $6
    local.get $10
    i32.const 2
    i32.rotr
    local.get $10
    i32.const 13
    i32.rotr
    i32.xor
    local.get $10
    i32.const 22
    i32.rotr
    i32.xor
    local.get $4
    local.get $4
    local.get $10
    i32.xor
    local.tee $6
    local.get $1
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $1
    local.get $10
    i32.xor
    local.set $27
    local.get $7
    local.get $1
    i32.const 2
    i32.rotr
    local.get $1
    i32.const 13
    i32.rotr
    i32.xor
    local.get $1
    i32.const 22
    i32.rotr
    i32.xor
    local.get $10
    local.get $6
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $6
    local.get $1
    i32.xor
    local.set $7
    local.get $9
    local.get $8
    i32.load offset=12
    local.get $5
    local.get $8
    i32.load offset=8
    local.get $3
    i32.const 6
    i32.rotr
    local.get $3
    i32.const 11
    i32.rotr
    i32.xor
    local.get $3
    i32.const 25
    i32.rotr
    i32.xor
    local.get $9
    local.get $3
    local.get $2
    local.get $9
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $23
    i32.add
    i32.add
    local.tee $5
    local.get $4
    i32.add
    local.tee $4
    i32.const 6
    i32.rotr
    local.get $4
    i32.const 11
    i32.rotr
    i32.xor
    local.get $4
    i32.const 25
    i32.rotr
    i32.xor
    local.get $2
    local.get $4
    local.get $2
    local.get $3
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $19
    i32.add
    i32.add
    local.tee $9
    local.get $10
    i32.add
    local.set $10
    local.get $5
    local.get $6
    i32.const 2
    i32.rotr
    local.get $6
    i32.const 13
    i32.rotr
    i32.xor
    local.get $6
    i32.const 22
    i32.rotr
    i32.xor
    local.get $1
    local.get $7
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $5
    local.get $6
    i32.xor
    local.set $27
    local.get $9
    local.get $5
    i32.const 2
    i32.rotr
    local.get $5
    i32.const 13
    i32.rotr
    i32.xor
    local.get $5
    i32.const 22
    i32.rotr
    i32.xor
    local.get $6
    local.get $7
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $7
    local.get $5
    i32.xor
    local.set $9
    local.get $3
    local.get $8
    i32.load offset=20
    local.get $2
    local.get $8
    i32.load offset=16
    local.get $10
    i32.const 6
    i32.rotr
    local.get $10
    i32.const 11
    i32.rotr
    i32.xor
    local.get $10
    i32.const 25
    i32.rotr
    i32.xor
    local.get $3
    local.get $10
    local.get $3
    local.get $4
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $20
    i32.add
    i32.add
    local.tee $2
    local.get $1
    i32.add
    local.tee $1
    i32.const 6
    i32.rotr
    local.get $1
    i32.const 11
    i32.rotr
    i32.xor
    local.get $1
    i32.const 25
    i32.rotr
    i32.xor
    local.get $4
    local.get $1
    local.get $4
    local.get $10
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $22
    i32.add
    i32.add
    local.tee $3
    local.get $6
    i32.add
    local.set $6
    local.get $2
    local.get $7
    i32.const 2
    i32.rotr
    local.get $7
    i32.const 13
    i32.rotr
    i32.xor
    local.get $7
    i32.const 22
    i32.rotr
    i32.xor
    local.get $5
    local.get $9
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $2
    local.get $7
    i32.xor
    local.set $27
    local.get $3
    local.get $2
    i32.const 2
    i32.rotr
    local.get $2
    i32.const 13
    i32.rotr
    i32.xor
    local.get $2
    i32.const 22
    i32.rotr
    i32.xor
    local.get $7
    local.get $9
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $3
    local.get $2
    i32.xor
    local.set $9
    local.get $10
    local.get $8
    i32.load offset=28
    local.get $4
    local.get $8
    i32.load offset=24
    local.get $6
    i32.const 6
    i32.rotr
    local.get $6
    i32.const 11
    i32.rotr
    i32.xor
    local.get $6
    i32.const 25
    i32.rotr
    i32.xor
    local.get $10
    local.get $6
    local.get $1
    local.get $10
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $13
    i32.add
    i32.add
    local.tee $4
    local.get $5
    i32.add
    local.tee $5
    i32.const 6
    i32.rotr
    local.get $5
    i32.const 11
    i32.rotr
    i32.xor
    local.get $5
    i32.const 25
    i32.rotr
    i32.xor
    local.get $1
    local.get $5
    local.get $1
    local.get $6
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $15
    i32.add
    i32.add
    local.tee $10
    local.get $7
    i32.add
    local.set $7
    local.get $4
    local.get $3
    i32.const 2
    i32.rotr
    local.get $3
    i32.const 13
    i32.rotr
    i32.xor
    local.get $3
    i32.const 22
    i32.rotr
    i32.xor
    local.get $2
    local.get $9
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $4
    local.get $3
    i32.xor
    local.set $27
    local.get $10
    local.get $4
    i32.const 2
    i32.rotr
    local.get $4
    i32.const 13
    i32.rotr
    i32.xor
    local.get $4
    i32.const 22
    i32.rotr
    i32.xor
    local.get $3
    local.get $9
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $9
    local.get $4
    i32.xor
    local.set $10
    local.get $6
    local.get $8
    i32.load offset=36
    local.get $1
    local.get $8
    i32.load offset=32
    local.get $7
    i32.const 6
    i32.rotr
    local.get $7
    i32.const 11
    i32.rotr
    i32.xor
    local.get $7
    i32.const 25
    i32.rotr
    i32.xor
    local.get $6
    local.get $7
    local.get $5
    local.get $6
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $14
    i32.add
    i32.add
    local.tee $1
    local.get $2
    i32.add
    local.tee $2
    i32.const 6
    i32.rotr
    local.get $2
    i32.const 11
    i32.rotr
    i32.xor
    local.get $2
    i32.const 25
    i32.rotr
    i32.xor
    local.get $5
    local.get $2
    local.get $5
    local.get $7
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $17
    i32.add
    i32.add
    local.tee $6
    local.get $3
    i32.add
    local.set $3
    local.get $1
    local.get $9
    i32.const 2
    i32.rotr
    local.get $9
    i32.const 13
    i32.rotr
    i32.xor
    local.get $9
    i32.const 22
    i32.rotr
    i32.xor
    local.get $4
    local.get $10
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $1
    local.get $9
    i32.xor
    local.set $27
    local.get $6
    local.get $1
    i32.const 2
    i32.rotr
    local.get $1
    i32.const 13
    i32.rotr
    i32.xor
    local.get $1
    i32.const 22
    i32.rotr
    i32.xor
    local.get $9
    local.get $10
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $10
    local.get $1
    i32.xor
    local.set $6
    local.get $7
    local.get $24
    local.get $20
    local.get $17
    i32.const 17
    i32.rotr
    local.get $17
    i32.const 19
    i32.rotr
    i32.xor
    local.get $17
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $21
    i32.const 7
    i32.rotr
    local.get $21
    i32.const 18
    i32.rotr
    i32.xor
    local.get $21
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.tee $24
    local.get $8
    i32.load offset=44
    local.get $5
    local.get $8
    i32.load offset=40
    local.get $3
    i32.const 6
    i32.rotr
    local.get $3
    i32.const 11
    i32.rotr
    i32.xor
    local.get $3
    i32.const 25
    i32.rotr
    i32.xor
    local.get $7
    local.get $3
    local.get $2
    local.get $7
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $16
    i32.add
    i32.add
    local.tee $5
    local.get $4
    i32.add
    local.tee $4
    i32.const 6
    i32.rotr
    local.get $4
    i32.const 11
    i32.rotr
    i32.xor
    local.get $4
    i32.const 25
    i32.rotr
    i32.xor
    local.get $2
    local.get $4
    local.get $2
    local.get $3
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    i32.add
    i32.add
    local.tee $7
    local.get $9
    i32.add
    local.set $9
    local.get $5
    local.get $10
    i32.const 2
    i32.rotr
    local.get $10
    i32.const 13
    i32.rotr
    i32.xor
    local.get $10
    i32.const 22
    i32.rotr
    i32.xor
    local.get $1
    local.get $6
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $5
    local.get $10
    i32.xor
    local.set $27
    local.get $7
    local.get $5
    i32.const 2
    i32.rotr
    local.get $5
    i32.const 13
    i32.rotr
    i32.xor
    local.get $5
    i32.const 22
    i32.rotr
    i32.xor
    local.get $10
    local.get $6
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $28
    local.get $5
    i32.xor
    local.set $29
    local.get $3
    local.get $8
    i32.load offset=52
    local.get $2
    local.get $21
    local.get $22
    local.get $16
    i32.const 17
    i32.rotr
    local.get $16
    i32.const 19
    i32.rotr
    i32.xor
    local.get $16
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $12
    i32.const 7
    i32.rotr
    local.get $12
    i32.const 18
    i32.rotr
    i32.xor
    local.get $12
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.tee $21
    local.get $8
    i32.load offset=48
    local.get $9
    i32.const 6
    i32.rotr
    local.get $9
    i32.const 11
    i32.rotr
    i32.xor
    local.get $9
    i32.const 25
    i32.rotr
    i32.xor
    local.get $3
    local.get $9
    local.get $3
    local.get $4
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    i32.add
    i32.add
    local.tee $2
    local.get $1
    i32.add
    local.tee $6
    i32.const 6
    i32.rotr
    local.get $6
    i32.const 11
    i32.rotr
    i32.xor
    local.get $6
    i32.const 25
    i32.rotr
    i32.xor
    local.get $4
    local.get $6
    local.get $4
    local.get $9
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $12
    local.get $13
    local.get $24
    i32.const 17
    i32.rotr
    local.get $24
    i32.const 19
    i32.rotr
    i32.xor
    local.get $24
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $11
    i32.const 7
    i32.rotr
    local.get $11
    i32.const 18
    i32.rotr
    i32.xor
    local.get $11
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.tee $12
    i32.add
    i32.add
    local.tee $1
    local.get $10
    i32.add
    local.set $7
    local.get $28
    local.get $2
    local.get $28
    i32.const 2
    i32.rotr
    local.get $28
    i32.const 13
    i32.rotr
    i32.xor
    local.get $28
    i32.const 22
    i32.rotr
    i32.xor
    local.get $5
    local.get $27
    local.get $29
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $2
    i32.xor
    local.set $10
    local.get $1
    local.get $2
    i32.const 2
    i32.rotr
    local.get $2
    i32.const 13
    i32.rotr
    i32.xor
    local.get $2
    i32.const 22
    i32.rotr
    i32.xor
    local.get $28
    local.get $10
    local.get $29
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $3
    local.get $2
    i32.xor
    local.set $27
    local.get $9
    local.get $8
    i32.load offset=60
    local.get $4
    local.get $11
    local.get $15
    local.get $21
    i32.const 17
    i32.rotr
    local.get $21
    i32.const 19
    i32.rotr
    i32.xor
    local.get $21
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $18
    i32.const 7
    i32.rotr
    local.get $18
    i32.const 18
    i32.rotr
    i32.xor
    local.get $18
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.tee $11
    local.get $8
    i32.load offset=56
    local.get $7
    i32.const 6
    i32.rotr
    local.get $7
    i32.const 11
    i32.rotr
    i32.xor
    local.get $7
    i32.const 25
    i32.rotr
    i32.xor
    local.get $9
    local.get $7
    local.get $6
    local.get $9
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    i32.add
    i32.add
    local.tee $1
    local.get $5
    i32.add
    local.tee $5
    i32.const 6
    i32.rotr
    local.get $5
    i32.const 11
    i32.rotr
    i32.xor
    local.get $5
    i32.const 25
    i32.rotr
    i32.xor
    local.get $6
    local.get $5
    local.get $6
    local.get $7
    i32.xor
    i32.and
    i32.xor
    i32.add
    i32.add
    local.get $18
    local.get $14
    local.get $12
    i32.const 17
    i32.rotr
    local.get $12
    i32.const 19
    i32.rotr
    i32.xor
    local.get $12
    i32.const 10
    i32.shr_u
    i32.xor
    i32.add
    local.get $25
    i32.const 7
    i32.rotr
    local.get $25
    i32.const 18
    i32.rotr
    i32.xor
    local.get $25
    i32.const 3
    i32.shr_u
    i32.xor
    i32.add
    i32.add
    local.tee $18
    i32.add
    i32.add
    local.tee $29
    local.get $28
    i32.add
    local.set $9
    local.get $1
    local.get $3
    i32.const 2
    i32.rotr
    local.get $3
    i32.const 13
    i32.rotr
    i32.xor
    local.get $3
    i32.const 22
    i32.rotr
    i32.xor
    local.get $2
    local.get $10
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.tee $4
    local.get $3
    i32.xor
    local.set $1
    local.get $29
    local.get $4
    i32.const 2
    i32.rotr
    local.get $4
    i32.const 13
    i32.rotr
    i32.xor
    local.get $4
    i32.const 22
    i32.rotr
    i32.xor
    local.get $3
    local.get $1
    local.get $27
    i32.and
    i32.xor
    i32.add
    i32.add
    local.set $10
    local.get $8
    i32.const -64
    i32.sub
    local.set $8
    br $for-loop|1
   end
  end
  local.get $0
  local.get $0
  i32.load
  local.get $10
  i32.add
  i32.store
  local.get $0
  local.get $0
  i32.load offset=4
  local.get $4
  i32.add
  i32.store offset=4
  local.get $0
  local.get $0
  i32.load offset=8
  local.get $3
  i32.add
  i32.store offset=8
  local.get $0
  local.get $0
  i32.load offset=12
  local.get $2
  i32.add
  i32.store offset=12
  local.get $0
  local.get $0
  i32.load offset=16
  local.get $9
  i32.add
  i32.store offset=16
  local.get $0
  local.get $0
  i32.load offset=20
  local.get $5
  i32.add
  i32.store offset=20
  local.get $0
  local.get $0
  i32.load offset=24
  local.get $7
  i32.add
  i32.store offset=24
  local.get $0
  local.get $0
  i32.load offset=28
  local.get $6
  i32.add
  i32.store offset=28
 )
 (func $assembly/dtoa/writeDigits (param $0 i32) (param $1 i64)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  loop $while-continue|0
   local.get $1
   i64.const 4294967296
   i64.ge_u
   if
    local.get $1
    local.get $1
    i64.const 100000000
    i64.div_u
    local.tee $1
    i64.const 100000000
    i64.mul
    i64.sub
    i32.wrap_i64
    local.tee $2
    local.get $2
    i32.const 10000
    i32.div_u
    local.tee $4
    i32.const 10000
    i32.mul
    i32.sub
    local.tee $2
    i32.const 100
    i32.div_u
    local.set $3
    local.get $0
    i32.const 2
    i32.sub
    local.get $2
    local.get $3
    i32.const 100
    i32.mul
    i32.sub
    i32.const 1
    i32.shl
    i32.const 51888
    i32.add
    i32.load16_u
    i32.store16
    local.get $0
    i32.const 4
    i32.sub
    local.get $3
    i32.const 1
    i32.shl
    i32.const 51888
    i32.add
    i32.load16_u
    i32.store16
    local.get $0
    i32.const 6
    i32.sub
    local.get $4
    local.get $4
    i32.const 100
    i32.div_u
    local.tee $2
    i32.const 100
    i32.mul
    i32.sub
    i32.const 1
    i32.shl
    i32.const 51888
    i32.add
    i32.load16_u
    i32.store16
    local.get $0
    i32.const 8
    i32.sub
    local.tee $0
    local.get $2
    i32.const 1
    i32.shl
    i32.const 51888
    i32.add
    i32.load16_u
    i32.store16
    br $while-continue|0
   end
  end
  local.get $1
  i32.wrap_i64
  local.set $2
  loop $while-continue|1
   local.get $2
   i32.const 100
   i32.ge_u
   if
    local.get $0
    i32.const 2
    i32.sub
    local.tee $0
    local.get $2
    local.get $2
    i32.const 100
    i32.div_u
    local.tee $2
    i32.const 100
    i32.mul
    i32.sub
    i32.const 1
    i32.shl
    i32.const 51888
    i32.add
    i32.load16_u
    i32.store16
    br $while-continue|1
   end
  end
  local.get $2
  i32.const 10
  i32.ge_u
  if
   local.get $0
   i32.const 2
   i32.sub
   local.get $2
   i32.const 1
   i32.shl
   i32.const 51888
   i32.add
   i32.load16_u
   i32.store16
  else
   local.get $0
   i32.const 1
   i32.sub
   local.get $2
   i32.const 48
   i32.add
   i32.store8
  end
 )
 (func $assembly/dtoa/writeF64 (param $0 i32) (param $1 f64) (result i32)
  (local $2 i64)
  (local $3 i32)
  (local $4 f64)
  (local $5 f64)
  (local $6 f64)
  (local $7 i32)
  (local $8 i64)
  local.get $1
  i64.reinterpret_f64
  local.tee $2
  i64.const 63
  i64.shr_u
  i32.wrap_i64
  local.set $7
  local.get $2
  i64.const 9223372036854775807
  i64.and
  local.tee $2
  i64.eqz
  if
   local.get $0
   i32.const 48
   i32.store8
   i32.const 1
   return
  end
  local.get $0
  local.get $7
  local.get $2
  f64.reinterpret_i64
  local.tee $6
  f64.const 9007199254740992
  f64.lt
  local.get $6
  f64.const 1e-06
  f64.ge
  i32.and
  if (result i64)
   local.get $2
   i64.const 52
   i64.shr_u
   i32.wrap_i64
   i32.const 1023
   i32.sub
   local.set $0
   block $__inlined_func$assembly/dtoa/fastF64$42 (result i64)
    local.get $6
    f64.nearest
    local.tee $1
    local.get $6
    f64.eq
    if
     i32.const 0
     global.set $assembly/dtoa/outE10
     local.get $1
     i64.trunc_f64_u
     br $__inlined_func$assembly/dtoa/fastF64$42
    end
    i64.const 0
    i32.const 14
    local.get $0
    i32.const 78913
    i32.mul
    i32.const 18
    i32.shr_s
    i32.sub
    local.tee $0
    i32.const 0
    i32.le_s
    br_if $__inlined_func$assembly/dtoa/fastF64$42
    drop
    local.get $6
    local.get $0
    i32.const 3
    i32.shl
    i32.const 51712
    i32.add
    f64.load
    local.tee $4
    f64.mul
    local.tee $1
    f64.const 1e15
    f64.ge
    if
     i64.const 0
     local.get $0
     i32.const 1
     i32.sub
     local.tee $0
     i32.eqz
     br_if $__inlined_func$assembly/dtoa/fastF64$42
     drop
     local.get $6
     local.get $0
     i32.const 3
     i32.shl
     i32.const 51712
     i32.add
     f64.load
     local.tee $4
     f64.mul
     local.set $1
    end
    i64.const 0
    local.get $1
    f64.nearest
    local.tee $5
    local.get $4
    f64.div
    local.get $6
    f64.ne
    local.get $1
    local.get $5
    f64.sub
    f64.abs
    local.get $1
    f64.const 8.881784197001252e-16
    f64.mul
    f64.gt
    i32.or
    br_if $__inlined_func$assembly/dtoa/fastF64$42
    drop
    f64.const 1
    local.set $1
    loop $while-continue|0
     local.get $5
     local.get $6
     local.get $1
     f64.const 10
     f64.mul
     local.tee $1
     f64.mul
     f64.nearest
     local.tee $4
     local.get $0
     local.get $3
     i32.const 1
     i32.add
     local.tee $3
     i32.sub
     i32.const 3
     i32.shl
     i32.const 51712
     i32.add
     f64.load
     f64.mul
     f64.ne
     br_if $while-continue|0
    end
    i32.const 0
    local.get $3
    i32.sub
    global.set $assembly/dtoa/outE10
    local.get $4
    i64.trunc_f64_u
   end
  else
   i64.const 0
  end
  local.tee $8
  i64.eqz
  if (result i64)
   local.get $2
   i64.const 4503599627370495
   i64.and
   local.tee $8
   i64.const 0
   i64.ne
   local.set $0
   local.get $8
   local.get $8
   i64.const 4503599627370496
   i64.or
   local.get $2
   i64.const 52
   i64.shr_u
   i32.wrap_i64
   local.tee $3
   i32.eqz
   local.tee $7
   select
   i32.const 1
   local.get $3
   local.get $7
   select
   i32.const 1077
   i32.sub
   local.get $0
   local.get $3
   i32.const 1
   i32.le_u
   local.get $0
   select
   i32.const 0
   i32.ne
   i64.extend_i32_u
   call $assembly/dtoa/shortest
  else
   local.get $8
  end
  global.get $assembly/dtoa/outE10
  call $assembly/dtoa/layout
 )
 (func $assembly/sha256/hashPad
  (local $0 i32)
  (local $1 i32)
  (local $2 i64)
  i32.const 50560
  i64.load
  local.tee $2
  i64.const 63
  i64.and
  i32.wrap_i64
  local.tee $0
  i32.const 50496
  i32.add
  i32.const 128
  i32.store8
  local.get $0
  i32.const 56
  i32.ge_u
  if
   local.get $0
   i32.const 50497
   i32.add
   local.set $0
   loop $while-continue|0
    local.get $0
    i32.const 50560
    i32.lt_u
    i32.const 0
    local.get $0
    i32.const 7
    i32.and
    select
    if
     local.get $0
     local.tee $1
     i32.const 1
     i32.add
     local.set $0
     local.get $1
     i32.const 0
     i32.store8
     br $while-continue|0
    end
   end
   loop $for-loop|1
    local.get $0
    i32.const 50560
    i32.lt_u
    if
     local.get $0
     i64.const 0
     i64.store
     local.get $0
     i32.const 8
     i32.add
     local.set $0
     br $for-loop|1
    end
   end
   i32.const 50400
   i32.const 50496
   call $assembly/sha256-unrolled/compressPeeled
   i32.const 50496
   local.set $0
  else
   local.get $0
   i32.const 50497
   i32.add
   local.set $0
   loop $while-continue|01
    local.get $0
    i32.const 50552
    i32.lt_u
    i32.const 0
    local.get $0
    i32.const 7
    i32.and
    select
    if
     local.get $0
     local.tee $1
     i32.const 1
     i32.add
     local.set $0
     local.get $1
     i32.const 0
     i32.store8
     br $while-continue|01
    end
   end
  end
  loop $for-loop|0
   local.get $0
   i32.const 50552
   i32.lt_u
   if
    local.get $0
    i64.const 0
    i64.store
    local.get $0
    i32.const 8
    i32.add
    local.set $0
    br $for-loop|0
   end
  end
  i32.const 50552
  local.get $2
  i64.const 3
  i64.shl
  local.tee $2
  i64.const 8
  i64.shr_u
  i64.const 71777214294589695
  i64.and
  local.get $2
  i64.const 71777214294589695
  i64.and
  i64.const 8
  i64.shl
  i64.or
  local.tee $2
  i64.const 16
  i64.shr_u
  i64.const 281470681808895
  i64.and
  local.get $2
  i64.const 281470681808895
  i64.and
  i64.const 16
  i64.shl
  i64.or
  i64.const 32
  i64.rotr
  i64.store
  i32.const 50400
  i32.const 50496
  call $assembly/sha256-unrolled/compressPeeled
 )
 (func $assembly/dtoa/writeF32 (param $0 i32) (param $1 f32) (result i32)
  (local $2 f64)
  (local $3 f64)
  (local $4 i32)
  (local $5 i64)
  (local $6 i32)
  (local $7 i32)
  (local $8 f64)
  (local $9 f64)
  local.get $1
  i32.reinterpret_f32
  local.tee $7
  i32.const 31
  i32.shr_u
  local.set $6
  local.get $7
  i32.const 2147483647
  i32.and
  local.tee $7
  i32.eqz
  if
   local.get $0
   i32.const 48
   i32.store8
   i32.const 1
   return
  end
  local.get $0
  local.get $6
  local.get $7
  f32.reinterpret_i32
  f64.promote_f32
  local.tee $3
  f64.const 8388608
  f64.lt
  local.get $3
  f64.const 1e-05
  f64.ge
  i32.and
  if (result i64)
   local.get $3
   i32.const 6
   local.get $7
   i32.const 23
   i32.shr_u
   i32.const 127
   i32.sub
   i32.const 78913
   i32.mul
   i32.const 18
   i32.shr_s
   i32.sub
   local.tee $0
   i32.const 3
   i32.shl
   i32.const 51712
   i32.add
   f64.load
   local.tee $2
   f64.mul
   local.tee $8
   f64.const 8388608
   f64.ge
   if (result f64)
    local.get $3
    local.get $0
    i32.const 1
    i32.sub
    local.tee $0
    i32.const 3
    i32.shl
    i32.const 51712
    i32.add
    f64.load
    local.tee $2
    f64.mul
   else
    local.get $8
   end
   f64.nearest
   local.tee $9
   local.get $3
   local.get $7
   i32.const 1
   i32.sub
   f32.reinterpret_i32
   f64.promote_f32
   f64.add
   f64.const 0.5
   f64.mul
   local.get $2
   f64.mul
   f64.gt
   if (result i32)
    local.get $9
    local.get $3
    local.get $7
    i32.const 1
    i32.add
    f32.reinterpret_i32
    f64.promote_f32
    f64.add
    f64.const 0.5
    f64.mul
    local.get $2
    f64.mul
    f64.lt
   else
    i32.const 0
   end
   if (result i64)
    f64.const 1
    local.set $2
    loop $while-continue|0 (result i64)
     local.get $3
     local.get $2
     f64.mul
     f64.nearest
     local.tee $8
     local.get $0
     local.get $4
     i32.sub
     i32.const 3
     i32.shl
     i32.const 51712
     i32.add
     f64.load
     f64.mul
     local.get $9
     f64.eq
     if (result i64)
      i32.const 0
      local.get $4
      i32.sub
      global.set $assembly/dtoa/outE10
      local.get $8
      i64.trunc_f64_u
     else
      local.get $2
      f64.const 10
      f64.mul
      local.set $2
      local.get $4
      i32.const 1
      i32.add
      local.set $4
      br $while-continue|0
     end
    end
   else
    i64.const 0
   end
  else
   i64.const 0
  end
  local.tee $5
  i64.eqz
  if (result i64)
   local.get $7
   i32.const 8388607
   i32.and
   local.tee $0
   i32.const 0
   i32.ne
   local.set $4
   local.get $0
   local.get $0
   i32.const 8388608
   i32.or
   local.get $7
   i32.const 23
   i32.shr_u
   local.tee $0
   i32.eqz
   local.tee $6
   select
   i64.extend_i32_u
   i32.const 1
   local.get $0
   local.get $6
   select
   i32.const 152
   i32.sub
   local.get $4
   local.get $0
   i32.const 1
   i32.le_u
   local.get $4
   select
   i32.const 0
   i32.ne
   i64.extend_i32_u
   call $assembly/dtoa/shortest
  else
   local.get $5
  end
  global.get $assembly/dtoa/outE10
  call $assembly/dtoa/layout
 )
 (func $assembly/cbor/cborInt (param $0 i32) (param $1 i64) (result i32)
  local.get $1
  i64.const 0
  i64.ge_s
  if (result i32)
   local.get $0
   i32.const 0
   local.get $1
   call $assembly/cbor/cborHead
  else
   local.get $0
   i32.const 32
   i64.const -1
   local.get $1
   i64.sub
   call $assembly/cbor/cborHead
  end
 )
 (func $assembly/json/jsonString (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i32)
  (local $4 i32)
  local.get $0
  local.tee $3
  i32.const 1
  i32.add
  local.set $0
  local.get $3
  i32.const 34
  i32.store8
  local.get $1
  local.get $2
  i32.add
  local.set $4
  loop $for-loop|0
   local.get $1
   local.get $4
   i32.lt_u
   if
    block $for-continue|0 (result i32)
     local.get $1
     i32.load8_u
     local.tee $3
     i32.const 34
     i32.ne
     local.get $3
     i32.const 32
     i32.ge_u
     i32.and
     local.get $3
     i32.const 92
     i32.ne
     i32.and
     if
      local.get $0
      local.get $3
      i32.store8
      local.get $0
      i32.const 1
      i32.add
      br $for-continue|0
     end
     local.get $0
     i32.const 1
     i32.add
     local.set $2
     local.get $0
     i32.const 92
     i32.store8
     local.get $3
     i32.const 34
     i32.eq
     if (result i32)
      i32.const 34
     else
      local.get $3
      i32.const 92
      i32.eq
      if (result i32)
       i32.const 92
      else
       local.get $3
       i32.const 8
       i32.eq
       if (result i32)
        i32.const 98
       else
        local.get $3
        i32.const 9
        i32.eq
        if (result i32)
         i32.const 116
        else
         local.get $3
         i32.const 10
         i32.eq
         if (result i32)
          i32.const 110
         else
          i32.const 102
          i32.const 114
          i32.const 0
          local.get $3
          i32.const 13
          i32.eq
          select
          local.get $3
          i32.const 12
          i32.eq
          select
         end
        end
       end
      end
     end
     local.tee $0
     if
      local.get $2
      local.get $0
      i32.store8
     else
      local.get $2
      i32.const 117
      i32.store8
      local.get $2
      i32.const 48
      i32.store8 offset=1
      local.get $2
      i32.const 2
      i32.add
      local.tee $0
      i32.const 48
      i32.store8
      local.get $0
      local.get $3
      i32.const 4
      i32.shr_u
      i32.const 48
      i32.add
      i32.store8 offset=1
      local.get $0
      i32.const 2
      i32.add
      local.tee $2
      local.get $3
      i32.const 15
      i32.and
      local.tee $0
      i32.const 48
      i32.add
      local.get $0
      i32.const 87
      i32.add
      local.get $0
      i32.const 10
      i32.lt_u
      select
      i32.store8
     end
     local.get $2
     i32.const 1
     i32.add
    end
    local.set $0
    local.get $1
    i32.const 1
    i32.add
    local.set $1
    br $for-loop|0
   end
  end
  local.get $0
  i32.const 34
  i32.store8
  local.get $0
  i32.const 1
  i32.add
 )
 (func $assembly/hmac/padAndCompress (param $0 i32) (param $1 i32)
  (local $2 i32)
  (local $3 i32)
  loop $for-loop|0
   local.get $2
   i32.const 64
   i32.lt_u
   if
    local.get $2
    i32.const 50272
    i32.add
    local.tee $3
    local.get $3
    i32.load
    local.get $1
    i32.xor
    i32.store
    local.get $2
    i32.const 4
    i32.add
    local.set $2
    br $for-loop|0
   end
  end
  local.get $0
  i32.const 1779033703
  i32.store
  local.get $0
  i32.const -1150833019
  i32.store offset=4
  local.get $0
  i32.const 1013904242
  i32.store offset=8
  local.get $0
  i32.const -1521486534
  i32.store offset=12
  local.get $0
  i32.const 1359893119
  i32.store offset=16
  local.get $0
  i32.const -1694144372
  i32.store offset=20
  local.get $0
  i32.const 528734635
  i32.store offset=24
  local.get $0
  i32.const 1541459225
  i32.store offset=28
  local.get $0
  i32.const 50272
  call $assembly/sha256-unrolled/compressPeeled
  i32.const 0
  local.set $0
  loop $for-loop|1
   local.get $0
   i32.const 64
   i32.lt_u
   if
    local.get $0
    i32.const 50272
    i32.add
    local.tee $2
    local.get $2
    i32.load
    local.get $1
    i32.xor
    i32.store
    local.get $0
    i32.const 4
    i32.add
    local.set $0
    br $for-loop|1
   end
  end
 )
 (func $assembly/hmac/hmacFinal
  (local $0 i32)
  (local $1 i32)
  (local $2 i32)
  call $assembly/sha256/hashPad
  loop $for-loop|0
   local.get $0
   i32.const 32
   i32.lt_u
   if
    local.get $0
    i32.const 50496
    i32.add
    local.get $0
    i32.const 50400
    i32.add
    i32.load
    local.tee $1
    i32.const -16711936
    i32.and
    i32.const 8
    i32.rotl
    local.get $1
    i32.const 16711935
    i32.and
    i32.const 8
    i32.rotr
    i32.or
    i32.store
    local.get $0
    i32.const 4
    i32.add
    local.set $0
    br $for-loop|0
   end
  end
  i32.const 50528
  i64.const 128
  i64.store
  i32.const 50536
  i64.const 0
  i64.store
  i32.const 50544
  i64.const 0
  i64.store
  i32.const 50552
  i64.const 844424930131968
  i64.store
  i32.const 50400
  local.set $0
  i32.const 50464
  local.set $1
  i32.const 32
  local.set $2
  loop $while-continue|0
   local.get $2
   i32.const 4
   i32.ge_u
   if
    local.get $0
    local.get $1
    i32.load
    i32.store
    local.get $0
    i32.const 4
    i32.add
    local.set $0
    local.get $1
    i32.const 4
    i32.add
    local.set $1
    local.get $2
    i32.const 4
    i32.sub
    local.set $2
    br $while-continue|0
   end
  end
  loop $while-continue|1
   local.get $2
   if
    local.get $0
    local.get $1
    i32.load8_u
    i32.store8
    local.get $0
    i32.const 1
    i32.add
    local.set $0
    local.get $1
    i32.const 1
    i32.add
    local.set $1
    local.get $2
    i32.const 1
    i32.sub
    local.set $2
    br $while-continue|1
   end
  end
  i32.const 50400
  i32.const 50496
  call $assembly/sha256-unrolled/compressPeeled
  i32.const 0
  local.set $0
  loop $for-loop|00
   local.get $0
   i32.const 32
   i32.lt_u
   if
    local.get $0
    i32.const 50176
    i32.add
    local.get $0
    i32.const 50400
    i32.add
    i32.load
    local.tee $1
    i32.const -16711936
    i32.and
    i32.const 8
    i32.rotl
    local.get $1
    i32.const 16711935
    i32.and
    i32.const 8
    i32.rotr
    i32.or
    i32.store
    local.get $0
    i32.const 4
    i32.add
    local.set $0
    br $for-loop|00
   end
  end
  i32.const 50400
  local.set $0
  i32.const 50432
  local.set $1
  i32.const 32
  local.set $2
  loop $while-continue|03
   local.get $2
   i32.const 4
   i32.ge_u
   if
    local.get $0
    local.get $1
    i32.load
    i32.store
    local.get $0
    i32.const 4
    i32.add
    local.set $0
    local.get $1
    i32.const 4
    i32.add
    local.set $1
    local.get $2
    i32.const 4
    i32.sub
    local.set $2
    br $while-continue|03
   end
  end
  loop $while-continue|15
   local.get $2
   if
    local.get $0
    local.get $1
    i32.load8_u
    i32.store8
    local.get $0
    i32.const 1
    i32.add
    local.set $0
    local.get $1
    i32.const 1
    i32.add
    local.set $1
    local.get $2
    i32.const 1
    i32.sub
    local.set $2
    br $while-continue|15
   end
  end
  i32.const 50560
  i64.const 64
  i64.store
 )
 (func $assembly/dtoa/shortest (param $0 i64) (param $1 i32) (param $2 i64) (result i64)
  (local $3 i64)
  (local $4 i64)
  (local $5 i64)
  (local $6 i64)
  (local $7 i64)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local $11 i32)
  (local $12 i64)
  (local $13 i32)
  (local $14 i32)
  local.get $0
  i64.const 1
  i64.and
  i64.eqz
  local.set $14
  local.get $0
  i64.const 2
  i64.shl
  local.tee $6
  i64.const 2
  i64.add
  local.set $4
  local.get $6
  i64.const 1
  i64.sub
  local.get $2
  i64.sub
  local.set $5
  local.get $1
  i32.const 0
  i32.ge_s
  if
   local.get $1
   i32.const 78913
   i32.mul
   i32.const 18
   i32.shr_u
   local.get $1
   i32.const 3
   i32.gt_s
   i32.sub
   local.tee $9
   i32.const 1
   call $assembly/dtoa/loadPow5
   local.get $6
   global.get $assembly/dtoa/powLo
   global.get $assembly/dtoa/powHi
   local.get $9
   local.get $1
   i32.sub
   local.get $9
   i32.const 1217359
   i32.mul
   i32.const 19
   i32.shr_u
   i32.add
   i32.const 125
   i32.add
   local.tee $1
   call $assembly/dtoa/mulShift128
   local.set $7
   local.get $4
   global.get $assembly/dtoa/powLo
   global.get $assembly/dtoa/powHi
   local.get $1
   call $assembly/dtoa/mulShift128
   local.set $3
   local.get $5
   global.get $assembly/dtoa/powLo
   global.get $assembly/dtoa/powHi
   local.get $1
   call $assembly/dtoa/mulShift128
   local.set $0
   local.get $9
   i32.const 21
   i32.le_u
   if
    local.get $6
    i64.const 5
    i64.rem_u
    i64.eqz
    if
     local.get $6
     local.set $2
     loop $while-continue|0
      local.get $2
      i64.const 5
      i64.div_u
      local.tee $4
      i64.const 5
      i64.mul
      local.get $2
      i64.eq
      if
       local.get $4
       local.set $2
       local.get $8
       i32.const 1
       i32.add
       local.set $8
       br $while-continue|0
      end
     end
     local.get $8
     local.get $9
     i32.ge_u
     local.set $10
    else
     local.get $14
     if
      local.get $5
      local.set $2
      loop $while-continue|01
       local.get $2
       i64.const 5
       i64.div_u
       local.tee $4
       i64.const 5
       i64.mul
       local.get $2
       i64.eq
       if
        local.get $4
        local.set $2
        local.get $8
        i32.const 1
        i32.add
        local.set $8
        br $while-continue|01
       end
      end
      local.get $8
      local.get $9
      i32.ge_u
      local.set $11
     else
      local.get $4
      local.set $2
      loop $while-continue|03
       local.get $2
       i64.const 5
       i64.div_u
       local.tee $4
       i64.const 5
       i64.mul
       local.get $2
       i64.eq
       if
        local.get $4
        local.set $2
        local.get $8
        i32.const 1
        i32.add
        local.set $8
        br $while-continue|03
       end
      end
      local.get $3
      local.get $8
      local.get $9
      i32.ge_u
      i64.extend_i32_u
      i64.sub
      local.set $3
     end
    end
   end
  else
   i32.const 0
   local.get $1
   i32.sub
   local.set $8
   local.get $8
   i32.const 732923
   i32.mul
   i32.const 20
   i32.shr_u
   local.get $8
   i32.const 1
   i32.gt_s
   i32.sub
   local.tee $10
   local.get $1
   i32.add
   local.set $9
   local.get $10
   local.get $8
   local.get $10
   i32.sub
   local.tee $1
   i32.const 1217359
   i32.mul
   i32.const 19
   i32.shr_u
   i32.const 124
   i32.sub
   i32.sub
   local.set $8
   local.get $1
   i32.const 0
   call $assembly/dtoa/loadPow5
   local.get $6
   global.get $assembly/dtoa/powLo
   global.get $assembly/dtoa/powHi
   local.get $8
   call $assembly/dtoa/mulShift128
   local.set $7
   local.get $4
   global.get $assembly/dtoa/powLo
   global.get $assembly/dtoa/powHi
   local.get $8
   call $assembly/dtoa/mulShift128
   local.set $3
   local.get $5
   global.get $assembly/dtoa/powLo
   global.get $assembly/dtoa/powHi
   local.get $8
   call $assembly/dtoa/mulShift128
   local.set $0
   local.get $10
   i32.const 1
   i32.le_u
   if
    i32.const 1
    local.set $10
    local.get $14
    if
     local.get $2
     i64.const 1
     i64.eq
     local.set $11
    else
     local.get $3
     i64.const 1
     i64.sub
     local.set $3
    end
   else
    local.get $10
    i32.const 63
    i32.lt_u
    if (result i64)
     local.get $6
     i64.const 1
     local.get $10
     i64.extend_i32_u
     i64.shl
     i64.const 1
     i64.sub
     i64.and
    else
     i64.const 1
    end
    i64.eqz
    local.set $10
   end
  end
  loop $while-continue|05
   local.get $0
   i64.const 10
   i64.div_u
   local.tee $2
   local.get $3
   i64.const 10
   i64.div_u
   local.tee $4
   i64.lt_u
   if
    local.get $0
    local.get $2
    i64.const 10
    i64.mul
    i64.eq
    i32.const 0
    local.get $11
    select
    local.set $11
    local.get $12
    i64.const 1
    local.get $10
    select
    i64.eqz
    local.set $10
    local.get $7
    local.get $7
    i64.const 10
    i64.div_u
    local.tee $7
    i64.const 10
    i64.mul
    i64.sub
    local.set $12
    local.get $4
    local.set $3
    local.get $2
    local.set $0
    local.get $13
    i32.const 1
    i32.add
    local.set $13
    br $while-continue|05
   end
  end
  local.get $11
  if
   loop $while-continue|1
    local.get $0
    i64.const 10
    i64.div_u
    local.tee $2
    i64.const 10
    i64.mul
    local.get $0
    i64.eq
    if
     local.get $12
     i64.const 1
     local.get $10
     select
     i64.eqz
     local.set $10
     local.get $7
     local.get $7
     i64.const 10
     i64.div_u
     local.tee $7
     i64.const 10
     i64.mul
     i64.sub
     local.set $12
     local.get $3
     i64.const 10
     i64.div_u
     local.set $3
     local.get $2
     local.set $0
     local.get $13
     i32.const 1
     i32.add
     local.set $13
     br $while-continue|1
    end
   end
  end
  local.get $9
  local.get $13
  i32.add
  global.set $assembly/dtoa/outE10
  local.get $7
  local.get $11
  i32.eqz
  local.get $14
  i32.eqz
  i32.or
  local.get $0
  local.get $7
  i64.eq
  local.tee $1
  local.get $1
  select
  local.tee $1
  i64.const 4
  local.get $12
  local.get $7
  i64.const 1
  i64.and
  i64.const 1
  local.get $10
  local.get $12
  i64.const 5
  i64.eq
  i32.and
  select
  i64.eqz
  select
  i64.const 5
  i64.ge_u
  local.get $1
  select
  i32.const 0
  i32.ne
  i64.extend_i32_u
  i64.add
 )
 (func $assembly/dtoa/loadPow5 (param $0 i32) (param $1 i32)
  (local $2 i32)
  (local $3 i64)
  (local $4 i64)
  (local $5 i64)
  (local $6 i32)
  local.get $1
  if (result i32)
   local.get $0
   i32.const 25
   i32.add
   i32.const 26
   i32.div_u
  else
   local.get $0
   i32.const 26
   i32.div_u
  end
  local.tee $6
  i32.const 26
  i32.mul
  local.set $2
  local.get $0
  i32.const 4
  i32.shr_u
  i32.const 2
  i32.shl
  i32.const 52640
  i32.const 52716
  local.get $1
  select
  i32.add
  i64.load32_u
  local.get $0
  i32.const 15
  i32.and
  i32.const 1
  i32.shl
  i64.extend_i32_u
  i64.shr_u
  i64.const 3
  i64.and
  local.set $3
  local.get $6
  i32.const 4
  i32.shl
  i32.const 52224
  i32.const 52432
  local.get $1
  select
  i32.add
  local.tee $6
  i64.load
  local.set $4
  local.get $6
  i64.load offset=8
  local.set $5
  local.get $0
  local.get $2
  i32.eq
  if
   local.get $3
   local.get $4
   i64.add
   global.set $assembly/dtoa/powLo
   local.get $5
   global.set $assembly/dtoa/powHi
   return
  end
  local.get $2
  local.get $0
  i32.sub
  local.get $0
  local.get $2
  i32.sub
  local.get $1
  select
  i32.const 3
  i32.shl
  i32.const 52800
  i32.add
  i64.load
  local.get $4
  local.get $5
  local.get $1
  if (result i32)
   local.get $2
   i32.const 1217359
   i32.mul
   i32.const 19
   i32.shr_u
   local.get $0
   i32.const 1217359
   i32.mul
   i32.const 19
   i32.shr_u
   i32.sub
  else
   local.get $0
   i32.const 1217359
   i32.mul
   i32.const 19
   i32.shr_u
   local.get $2
   i32.const 1217359
   i32.mul
   i32.const 19
   i32.shr_u
   i32.sub
  end
  call $assembly/dtoa/mulShift128
  local.get $3
  i64.add
  global.set $assembly/dtoa/powLo
  global.get $assembly/dtoa/mulHi
  global.set $assembly/dtoa/powHi
 )
 (func $assembly/dtoa/layout (param $0 i32) (param $1 i32) (param $2 i64) (param $3 i32) (result i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i64)
  (local $7 i32)
  local.get $1
  if (result i32)
   local.get $0
   i32.const 45
   i32.store8
   local.get $0
   i32.const 1
   i32.add
  else
   local.get $0
  end
  local.set $1
  i32.const 64
  local.get $2
  i64.const 1
  i64.or
  local.tee $6
  i64.clz
  i32.wrap_i64
  i32.sub
  i32.const 1233
  i32.mul
  i32.const 12
  i32.shr_s
  local.tee $5
  i32.const 1
  i32.add
  local.get $6
  local.get $5
  i32.const 3
  i32.shl
  i32.const 51712
  i32.add
  f64.load
  i64.trunc_f64_u
  i64.lt_u
  i32.sub
  local.tee $5
  local.get $3
  i32.add
  local.tee $3
  i32.const 21
  i32.le_s
  local.get $3
  local.get $5
  i32.ge_s
  i32.and
  if
   local.get $1
   local.get $5
   i32.add
   local.tee $1
   local.get $2
   call $assembly/dtoa/writeDigits
   local.get $3
   local.get $5
   i32.sub
   local.set $3
   loop $for-loop|0
    local.get $3
    i32.const 0
    i32.gt_s
    if
     local.get $1
     local.tee $4
     i32.const 1
     i32.add
     local.set $1
     local.get $4
     i32.const 48
     i32.store8
     local.get $3
     i32.const 1
     i32.sub
     local.set $3
     br $for-loop|0
    end
   end
  else
   local.get $3
   i32.const 21
   i32.le_s
   local.get $3
   i32.const 0
   i32.gt_s
   i32.and
   if
    local.get $1
    local.get $5
    i32.add
    i32.const 1
    i32.add
    local.get $2
    call $assembly/dtoa/writeDigits
    loop $for-loop|1
     local.get $3
     local.get $4
     i32.gt_s
     if
      local.get $1
      local.get $4
      i32.add
      local.tee $7
      local.get $7
      i32.load8_u offset=1
      i32.store8
      local.get $4
      i32.const 1
      i32.add
      local.set $4
      br $for-loop|1
     end
    end
    local.get $1
    local.get $3
    i32.add
    i32.const 46
    i32.store8
    local.get $1
    local.get $5
    i32.const 1
    i32.add
    i32.add
    local.set $1
   else
    local.get $3
    i32.const 0
    i32.le_s
    local.get $3
    i32.const -6
    i32.gt_s
    i32.and
    if
     local.get $1
     i32.const 11824
     i32.store16
     local.get $1
     i32.const 2
     i32.add
     local.set $1
     i32.const 0
     local.get $3
     i32.sub
     local.set $3
     loop $for-loop|2
      local.get $3
      i32.const 0
      i32.gt_s
      if
       local.get $1
       local.tee $4
       i32.const 1
       i32.add
       local.set $1
       local.get $4
       i32.const 48
       i32.store8
       local.get $3
       i32.const 1
       i32.sub
       local.set $3
       br $for-loop|2
      end
     end
     local.get $1
     local.get $5
     i32.add
     local.tee $1
     local.get $2
     call $assembly/dtoa/writeDigits
    else
     local.get $1
     local.get $5
     i32.add
     i32.const 1
     i32.add
     local.get $2
     call $assembly/dtoa/writeDigits
     local.get $1
     local.get $1
     i32.const 1
     i32.add
     i32.load8_u
     i32.store8
     local.get $5
     i32.const 1
     i32.gt_s
     if (result i32)
      local.get $1
      i32.const 46
      i32.store8 offset=1
      local.get $1
      local.get $5
      i32.const 1
      i32.add
      i32.add
     else
      local.get $1
      i32.const 1
      i32.add
     end
     local.tee $1
     i32.const 11621
     i32.const 11109
     local.get $3
     i32.const 1
     i32.sub
     local.tee $3
     i32.const 0
     i32.lt_s
     local.tee $4
     select
     i32.store16
     local.get $1
     i32.const 64
     i32.const 0
     local.get $3
     i32.sub
     local.get $3
     local.get $4
     select
     i64.extend_i32_s
     local.tee $2
     i64.const 1
     i64.or
     local.tee $6
     i64.clz
     i32.wrap_i64
     i32.sub
     i32.const 1233
     i32.mul
     i32.const 12
     i32.shr_s
     local.tee $1
     local.get $6
     local.get $1
     i32.const 3
     i32.shl
     i32.const 51712
     i32.add
     f64.load
     i64.trunc_f64_u
     i64.lt_u
     i32.sub
     i32.add
     i32.const 3
     i32.add
     local.tee $1
     local.get $2
     call $assembly/dtoa/writeDigits
    end
   end
  end
  local.get $1
  local.get $0
  i32.sub
 )
 (func $assembly/cbor/cborText (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i32)
  (local $4 i32)
  local.get $0
  i32.const 96
  local.get $2
  i64.extend_i32_u
  call $assembly/cbor/cborHead
  local.tee $4
  local.set $0
  local.get $2
  local.set $3
  loop $while-continue|0
   local.get $3
   i32.const 4
   i32.ge_u
   if
    local.get $0
    local.get $1
    i32.load
    i32.store
    local.get $0
    i32.const 4
    i32.add
    local.set $0
    local.get $1
    i32.const 4
    i32.add
    local.set $1
    local.get $3
    i32.const 4
    i32.sub
    local.set $3
    br $while-continue|0
   end
  end
  loop $while-continue|1
   local.get $3
   if
    local.get $0
    local.get $1
    i32.load8_u
    i32.store8
    local.get $0
    i32.const 1
    i32.add
    local.set $0
    local.get $1
    i32.const 1
    i32.add
    local.set $1
    local.get $3
    i32.const 1
    i32.sub
    local.set $3
    br $while-continue|1
   end
  end
  local.get $2
  local.get $4
  i32.add
 )
 (func $assembly/cbor/cborF64 (param $0 i32) (param $1 f64) (result i32)
  (local $2 i64)
  (local $3 i32)
  (local $4 i64)
  (local $5 i64)
  (local $6 i32)
  block $__inlined_func$assembly/cbor/singleBits$46 (result i64)
   local.get $1
   i64.reinterpret_f64
   local.tee $2
   i64.const 32
   i64.shr_u
   i64.const 2147483648
   i64.and
   local.tee $4
   i64.const 2139095040
   i64.or
   i64.const -1
   local.get $2
   i64.const 4503599627370495
   i64.and
   local.tee $5
   i64.eqz
   local.tee $6
   select
   local.get $2
   i64.const 52
   i64.shr_u
   i64.const 2047
   i64.and
   i32.wrap_i64
   local.tee $3
   i32.const 2047
   i32.eq
   br_if $__inlined_func$assembly/cbor/singleBits$46
   drop
   local.get $4
   i64.const -1
   local.get $6
   select
   local.get $3
   i32.eqz
   br_if $__inlined_func$assembly/cbor/singleBits$46
   drop
   local.get $3
   i32.const 1023
   i32.sub
   local.set $3
   local.get $5
   i64.const 536870911
   i64.and
   i64.eqz
   if (result i64)
    local.get $4
    local.get $3
    i32.const 127
    i32.add
    i64.extend_i32_s
    i64.const 23
    i64.shl
    i64.or
    local.get $5
    i64.const 29
    i64.shr_u
    i64.or
   else
    i64.const -1
   end
   local.get $3
   i32.const 127
   i32.le_s
   local.get $3
   i32.const -126
   i32.ge_s
   i32.and
   br_if $__inlined_func$assembly/cbor/singleBits$46
   drop
   local.get $3
   i32.const -126
   i32.lt_s
   local.get $3
   i32.const -149
   i32.ge_s
   i32.and
   if
    local.get $4
    local.get $5
    i64.const 4503599627370496
    i64.or
    local.tee $2
    i64.const -97
    local.get $3
    i64.extend_i32_s
    i64.sub
    local.tee $4
    i64.shr_u
    i64.or
    i64.const -1
    local.get $2
    i64.const 1
    local.get $4
    i64.shl
    i64.const 1
    i64.sub
    i64.and
    i64.eqz
    select
    br $__inlined_func$assembly/cbor/singleBits$46
   end
   i64.const -1
  end
  local.tee $2
  i64.const 0
  i64.ge_s
  if
   local.get $0
   local.get $2
   i32.wrap_i64
   f32.reinterpret_i32
   call $assembly/cbor/cborF32
   return
  end
  local.get $0
  i32.const 251
  i32.store8
  local.get $0
  local.get $1
  i64.reinterpret_f64
  local.tee $2
  i64.const 8
  i64.shr_u
  i64.const 71777214294589695
  i64.and
  local.get $2
  i64.const 71777214294589695
  i64.and
  i64.const 8
  i64.shl
  i64.or
  local.tee $2
  i64.const 16
  i64.shr_u
  i64.const 281470681808895
  i64.and
  local.get $2
  i64.const 281470681808895
  i64.and
  i64.const 16
  i64.shl
  i64.or
  i64.const 32
  i64.rotr
  i64.store offset=1
  local.get $0
  i32.const 9
  i32.add
 )
 (func $assembly/cbor/cborF32 (param $0 i32) (param $1 f32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  block $__inlined_func$assembly/cbor/halfBits$43 (result i32)
   i32.const -1
   local.get $1
   i32.reinterpret_f32
   local.tee $2
   i32.const 16
   i32.shr_u
   i32.const 32768
   i32.and
   local.tee $3
   local.get $2
   i32.const 8388607
   i32.and
   local.tee $4
   select
   local.get $2
   i32.const 23
   i32.shr_u
   i32.const 255
   i32.and
   local.tee $2
   i32.eqz
   br_if $__inlined_func$assembly/cbor/halfBits$43
   drop
   local.get $2
   i32.const 127
   i32.sub
   local.set $2
   local.get $4
   i32.const 8191
   i32.and
   if (result i32)
    i32.const -1
   else
    local.get $3
    local.get $2
    i32.const 15
    i32.add
    i32.const 10
    i32.shl
    i32.or
    local.get $4
    i32.const 13
    i32.shr_u
    i32.or
   end
   local.get $2
   i32.const 15
   i32.le_s
   local.get $2
   i32.const -14
   i32.ge_s
   i32.and
   br_if $__inlined_func$assembly/cbor/halfBits$43
   drop
   local.get $2
   i32.const -14
   i32.lt_s
   local.get $2
   i32.const -24
   i32.ge_s
   i32.and
   if
    i32.const -1
    local.get $3
    local.get $4
    i32.const 8388608
    i32.or
    local.tee $3
    i32.const -1
    local.get $2
    i32.sub
    local.tee $2
    i32.shr_u
    i32.or
    local.get $3
    i32.const 1
    local.get $2
    i32.shl
    i32.const 1
    i32.sub
    i32.and
    select
    br $__inlined_func$assembly/cbor/halfBits$43
   end
   i32.const -1
  end
  local.tee $2
  i32.const 0
  i32.ge_s
  if
   local.get $0
   i32.const 249
   i32.store8
   local.get $0
   local.get $2
   i32.const 8
   i32.shl
   local.get $2
   i32.const 65535
   i32.and
   i32.const 8
   i32.shr_u
   i32.or
   i32.store16 offset=1
   local.get $0
   i32.const 3
   i32.add
   return
  end
  local.get $0
  i32.const 250
  i32.store8
  local.get $0
  local.get $1
  i32.reinterpret_f32
  local.tee $2
  i32.const -16711936
  i32.and
  i32.const 8
  i32.rotl
  local.get $2
  i32.const 16711935
  i32.and
  i32.const 8
  i32.rotr
  i32.or
  i32.store offset=1
  local.get $0
  i32.const 5
  i32.add
 )
 (func $assembly/message/sigOffset (result i32)
  i32.const 50572
  i32.load
 )
 (func $assembly/message/msgValues (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local $11 i32)
  i32.const 50588
  i32.load
  local.set $5
  i32.const 50596
  i32.load
  i32.const 1
  i32.ne
  local.get $0
  i32.const 7
  i32.gt_u
  i32.or
  if (result i32)
   i32.const 1
  else
   local.get $2
   local.get $5
   i32.rem_u
  end
  if
   i32.const -2
   return
  end
  i32.const 1
  i32.const 1451
  local.get $0
  i32.const 1
  i32.shl
  i32.shr_u
  i32.const 3
  i32.and
  i32.shl
  local.set $6
  local.get $2
  i32.const 16384
  i32.gt_u
  local.get $1
  i32.const 16384
  i32.gt_u
  i32.or
  if (result i32)
   i32.const 1
  else
   local.get $1
   local.get $2
   i32.add
   local.get $6
   i32.mul
   i32.const 16384
   i32.gt_u
  end
  if
   i32.const -2
   return
  end
  i32.const 50592
  i32.load
  local.set $7
  local.get $1
  local.get $6
  i32.mul
  i32.const 1024
  i32.add
  local.set $4
  i32.const 50568
  i32.load
  i32.const 17408
  i32.add
  local.set $1
  i32.const 50172
  local.get $5
  i32.const 9
  i32.const 26
  i32.const 50584
  i32.load
  i32.const 1
  i32.and
  local.tee $9
  select
  i32.mul
  i32.sub
  local.set $10
  loop $while-continue|0
   local.get $1
   local.get $10
   i32.le_u
   local.get $2
   local.get $8
   i32.gt_u
   i32.and
   if
    local.get $9
    if
     local.get $5
     i32.const 1
     i32.gt_u
     if
      local.get $1
      i32.const 128
      local.get $5
      i64.extend_i32_u
      call $assembly/cbor/cborHead
      local.set $1
     end
     i32.const 0
     local.set $3
     loop $for-loop|1
      local.get $3
      local.get $5
      i32.lt_u
      if
       block $assembly/cbor/cborValue|inlined.0 (result i32)
        block $case7|2
         block $case6|2
          block $case5|2
           block $case4|2
            block $case3|2
             block $case2|2
              block $case1|2
               block $case0|2
                local.get $0
                br_table $case0|2 $case1|2 $case2|2 $case3|2 $case4|2 $case5|2 $case6|2 $case7|2
               end
               local.get $1
               local.get $4
               f64.load
               call $assembly/cbor/cborF64
               br $assembly/cbor/cborValue|inlined.0
              end
              local.get $1
              local.get $4
              f32.load
              call $assembly/cbor/cborF32
              br $assembly/cbor/cborValue|inlined.0
             end
             local.get $1
             local.get $4
             i64.load32_s
             call $assembly/cbor/cborInt
             br $assembly/cbor/cborValue|inlined.0
            end
            local.get $1
            i32.const 0
            local.get $4
            i64.load32_u
            call $assembly/cbor/cborHead
            br $assembly/cbor/cborValue|inlined.0
           end
           local.get $1
           local.get $4
           i64.load16_s
           call $assembly/cbor/cborInt
           br $assembly/cbor/cborValue|inlined.0
          end
          local.get $1
          i32.const 0
          local.get $4
          i64.load16_u
          call $assembly/cbor/cborHead
          br $assembly/cbor/cborValue|inlined.0
         end
         local.get $1
         local.get $4
         i64.load8_s
         call $assembly/cbor/cborInt
         br $assembly/cbor/cborValue|inlined.0
        end
        local.get $1
        i32.const 0
        local.get $4
        i64.load8_u
        call $assembly/cbor/cborHead
       end
       local.set $1
       local.get $4
       local.get $6
       i32.add
       local.set $4
       local.get $3
       i32.const 1
       i32.add
       local.set $3
       br $for-loop|1
      end
     end
    else
     local.get $5
     i32.const 1
     i32.eq
     if
      local.get $7
      if
       local.get $1
       i32.const 44
       i32.store8
       local.get $1
       i32.const 1
       i32.add
       local.set $1
      end
      block $assembly/json/jsonValue|inlined.0 (result i32)
       block $case7|3
        block $case6|3
         block $case5|3
          block $case4|3
           block $case3|3
            block $case2|3
             block $case1|3
              block $case0|3
               local.get $0
               br_table $case0|3 $case1|3 $case2|3 $case3|3 $case4|3 $case5|3 $case6|3 $case7|3
              end
              local.get $1
              local.get $4
              f64.load
              call $assembly/dtoa/writeF64
              local.get $1
              i32.add
              br $assembly/json/jsonValue|inlined.0
             end
             local.get $1
             local.get $4
             f32.load
             call $assembly/dtoa/writeF32
             local.get $1
             i32.add
             br $assembly/json/jsonValue|inlined.0
            end
            local.get $1
            local.get $4
            i32.load
            call $assembly/dtoa/writeI32
            local.get $1
            i32.add
            br $assembly/json/jsonValue|inlined.0
           end
           local.get $1
           local.get $4
           i64.load32_u
           call $assembly/dtoa/writeU64
           local.get $1
           i32.add
           br $assembly/json/jsonValue|inlined.0
          end
          local.get $1
          local.get $4
          i32.load16_s
          call $assembly/dtoa/writeI32
          local.get $1
          i32.add
          br $assembly/json/jsonValue|inlined.0
         end
         local.get $1
         local.get $4
         i64.load16_u
         call $assembly/dtoa/writeU64
         local.get $1
         i32.add
         br $assembly/json/jsonValue|inlined.0
        end
        local.get $1
        local.get $4
        i32.load8_s
        call $assembly/dtoa/writeI32
        local.get $1
        i32.add
        br $assembly/json/jsonValue|inlined.0
       end
       local.get $1
       local.get $4
       i64.load8_u
       call $assembly/dtoa/writeU64
       local.get $1
       i32.add
      end
      local.set $1
      local.get $4
      local.get $6
      i32.add
      local.set $4
     else
      local.get $1
      i32.const 44
      i32.store8
      local.get $1
      local.get $7
      i32.const 0
      i32.ne
      i32.add
      i32.const 91
      i32.store8
      local.get $1
      i32.const 2
      i32.const 1
      local.get $7
      select
      i32.add
      local.set $1
      block $assembly/json/jsonValue|inlined.1 (result i32)
       block $case7|4
        block $case6|4
         block $case5|4
          block $case4|4
           block $case3|4
            block $case2|4
             block $case1|4
              block $case0|4
               local.get $0
               br_table $case0|4 $case1|4 $case2|4 $case3|4 $case4|4 $case5|4 $case6|4 $case7|4
              end
              local.get $1
              local.get $4
              f64.load
              call $assembly/dtoa/writeF64
              local.get $1
              i32.add
              br $assembly/json/jsonValue|inlined.1
             end
             local.get $1
             local.get $4
             f32.load
             call $assembly/dtoa/writeF32
             local.get $1
             i32.add
             br $assembly/json/jsonValue|inlined.1
            end
            local.get $1
            local.get $4
            i32.load
            call $assembly/dtoa/writeI32
            local.get $1
            i32.add
            br $assembly/json/jsonValue|inlined.1
           end
           local.get $1
           local.get $4
           i64.load32_u
           call $assembly/dtoa/writeU64
           local.get $1
           i32.add
           br $assembly/json/jsonValue|inlined.1
          end
          local.get $1
          local.get $4
          i32.load16_s
          call $assembly/dtoa/writeI32
          local.get $1
          i32.add
          br $assembly/json/jsonValue|inlined.1
         end
         local.get $1
         local.get $4
         i64.load16_u
         call $assembly/dtoa/writeU64
         local.get $1
         i32.add
         br $assembly/json/jsonValue|inlined.1
        end
        local.get $1
        local.get $4
        i32.load8_s
        call $assembly/dtoa/writeI32
        local.get $1
        i32.add
        br $assembly/json/jsonValue|inlined.1
       end
       local.get $1
       local.get $4
       i64.load8_u
       call $assembly/dtoa/writeU64
       local.get $1
       i32.add
      end
      local.set $1
      local.get $4
      local.get $6
      i32.add
      local.set $4
      i32.const 1
      local.set $3
      loop $for-loop|5
       local.get $3
       local.get $5
       i32.lt_u
       if
        local.get $1
        i32.const 1
        i32.add
        local.set $11
        local.get $1
        i32.const 44
        i32.store8
        block $assembly/json/jsonValue|inlined.2 (result i32)
         block $case7|6
          block $case6|6
           block $case5|6
            block $case4|6
             block $case3|6
              block $case2|6
               block $case1|6
                block $case0|6
                 local.get $0
                 br_table $case0|6 $case1|6 $case2|6 $case3|6 $case4|6 $case5|6 $case6|6 $case7|6
                end
                local.get $11
                local.get $4
                f64.load
                call $assembly/dtoa/writeF64
                local.get $11
                i32.add
                br $assembly/json/jsonValue|inlined.2
               end
               local.get $11
               local.get $4
               f32.load
               call $assembly/dtoa/writeF32
               local.get $11
               i32.add
               br $assembly/json/jsonValue|inlined.2
              end
              local.get $11
              local.get $4
              i32.load
              call $assembly/dtoa/writeI32
              local.get $11
              i32.add
              br $assembly/json/jsonValue|inlined.2
             end
             local.get $11
             local.get $4
             i64.load32_u
             call $assembly/dtoa/writeU64
             local.get $11
             i32.add
             br $assembly/json/jsonValue|inlined.2
            end
            local.get $11
            local.get $4
            i32.load16_s
            call $assembly/dtoa/writeI32
            local.get $11
            i32.add
            br $assembly/json/jsonValue|inlined.2
           end
           local.get $11
           local.get $4
           i64.load16_u
           call $assembly/dtoa/writeU64
           local.get $11
           i32.add
           br $assembly/json/jsonValue|inlined.2
          end
          local.get $11
          local.get $4
          i32.load8_s
          call $assembly/dtoa/writeI32
          local.get $11
          i32.add
          br $assembly/json/jsonValue|inlined.2
         end
         local.get $11
         local.get $4
         i64.load8_u
         call $assembly/dtoa/writeU64
         local.get $11
         i32.add
        end
        local.set $1
        local.get $4
        local.get $6
        i32.add
        local.set $4
        local.get $3
        i32.const 1
        i32.add
        local.set $3
        br $for-loop|5
       end
      end
      local.get $1
      local.tee $3
      i32.const 1
      i32.add
      local.set $1
      local.get $3
      i32.const 93
      i32.store8
     end
    end
    local.get $7
    i32.const 1
    i32.add
    local.set $7
    local.get $5
    local.get $8
    i32.add
    local.set $8
    br $while-continue|0
   end
  end
  i32.const 50568
  local.get $1
  i32.const 17408
  i32.sub
  i32.store
  i32.const 50592
  local.get $7
  i32.store
  local.get $8
 )
 (func $assembly/message/msgString (param $0 i32) (result i32)
  (local $1 i32)
  (local $2 i32)
  i32.const 50596
  i32.load
  i32.const 1
  i32.ne
  local.get $0
  i32.const 16384
  i32.gt_u
  i32.or
  if
   i32.const -2
   return
  end
  i32.const 50568
  i32.load
  local.tee $1
  local.get $0
  i32.const 6
  i32.mul
  i32.add
  i32.const 11
  i32.add
  i32.const 32768
  i32.gt_u
  if
   i32.const -1
   return
  end
  local.get $1
  i32.const 17408
  i32.add
  local.set $1
  i32.const 50592
  i32.load
  local.set $2
  i32.const 50568
  i32.const 50584
  i32.load
  i32.const 1
  i32.and
  if (result i32)
   local.get $1
   i32.const 1024
   local.get $0
   call $assembly/cbor/cborText
  else
   local.get $2
   if (result i32)
    local.get $1
    i32.const 44
    i32.store8
    local.get $1
    i32.const 1
    i32.add
   else
    local.get $1
   end
   i32.const 1024
   local.get $0
   call $assembly/json/jsonString
  end
  i32.const 17408
  i32.sub
  i32.store
  i32.const 50592
  local.get $2
  i32.const 1
  i32.add
  i32.store
  i32.const 0
 )
 (func $assembly/message/msgFinish (result i32)
  (local $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i64)
  i32.const 50596
  i32.load
  i32.const 2
  i32.ne
  if
   i32.const -2
   return
  end
  i32.const 17408
  i32.const 50568
  i32.load
  local.tee $3
  call $assembly/sha256/hashAbsorb
  call $assembly/hmac/hmacFinal
  loop $for-loop|0
   local.get $0
   i32.const 32
   i32.lt_u
   if
    local.get $0
    i32.const 1
    i32.shl
    i32.const 50208
    i32.add
    local.get $0
    i32.const 50176
    i32.add
    i32.load8_u
    local.tee $1
    i32.const 4
    i32.shr_u
    local.tee $2
    i32.const 48
    i32.const 87
    local.get $2
    i32.const 10
    i32.lt_u
    select
    i32.add
    local.get $1
    i32.const 15
    i32.and
    local.tee $1
    i32.const 48
    i32.const 87
    local.get $1
    i32.const 10
    i32.lt_u
    select
    i32.add
    i32.const 8
    i32.shl
    i32.or
    i32.store16
    local.get $0
    i32.const 1
    i32.add
    local.set $0
    br $for-loop|0
   end
  end
  i32.const 50576
  i64.load
  local.tee $4
  i32.const 50572
  i64.load32_u
  local.tee $5
  i64.le_u
  if
   local.get $5
   local.get $4
   i64.sub
   i32.wrap_i64
   i32.const 17408
   i32.add
   local.set $0
   i32.const 50208
   local.set $1
   i32.const 64
   local.set $2
   loop $while-continue|0
    local.get $2
    i32.const 4
    i32.ge_u
    if
     local.get $0
     local.get $1
     i32.load
     i32.store
     local.get $0
     i32.const 4
     i32.add
     local.set $0
     local.get $1
     i32.const 4
     i32.add
     local.set $1
     local.get $2
     i32.const 4
     i32.sub
     local.set $2
     br $while-continue|0
    end
   end
   loop $while-continue|1
    local.get $2
    if
     local.get $0
     local.get $1
     i32.load8_u
     i32.store8
     local.get $0
     i32.const 1
     i32.add
     local.set $0
     local.get $1
     i32.const 1
     i32.add
     local.set $1
     local.get $2
     i32.const 1
     i32.sub
     local.set $2
     br $while-continue|1
    end
   end
  end
  i32.const 50568
  i32.const 0
  i32.store
  i32.const 50596
  i32.const 0
  i32.store
  local.get $3
 )
 (func $assembly/message/msgDrain (result i32)
  (local $0 i32)
  i32.const 17408
  i32.const 50568
  i32.load
  local.tee $0
  call $assembly/sha256/hashAbsorb
  i32.const 50576
  i32.const 50576
  i64.load
  local.get $0
  i64.extend_i32_u
  i64.add
  i64.store
  i32.const 50568
  i32.const 0
  i32.store
  local.get $0
 )
 (func $assembly/message/msgClose (result i32)
  (local $0 i32)
  (local $1 i32)
  i32.const 50596
  i32.load
  i32.const 1
  i32.ne
  if
   i32.const -2
   return
  end
  i32.const 50568
  i32.load
  local.tee $0
  i32.const 3
  i32.add
  i32.const 32768
  i32.gt_u
  if
   i32.const -1
   return
  end
  local.get $0
  i32.const 17408
  i32.add
  local.set $0
  i32.const 50584
  i32.load
  i32.const 1
  i32.and
  if
   local.get $0
   i32.const 255
   i32.store8
  else
   local.get $0
   i32.const 93
   i32.store8
   local.get $0
   local.tee $1
   i32.const 2
   i32.add
   local.set $0
   local.get $1
   i32.const 125
   i32.store8 offset=1
   local.get $0
   i32.const 125
   i32.store8
  end
  i32.const 50568
  local.get $0
  i32.const 17407
  i32.sub
  local.tee $0
  i32.store
  i32.const 50596
  i32.const 2
  i32.store
  local.get $0
 )
 (func $assembly/message/msgBegin (param $0 i32) (param $1 f64) (param $2 f64) (param $3 i32) (result i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i64)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local $11 i64)
  (local $12 i32)
  local.get $0
  i32.const 2
  i32.and
  i32.const 0
  i32.ne
  local.set $10
  block $folding-inner0
   i32.const 1
   local.get $0
   i32.const -16
   i32.and
   local.get $3
   i32.eqz
   local.get $3
   i32.const 1000
   i32.gt_u
   i32.or
   select
   br_if $folding-inner0
   local.get $10
   if (result i64)
    block $__inlined_func$assembly/integral/safeUintOf$1 (result i64)
     i64.const 0
     local.get $1
     i64.reinterpret_f64
     local.tee $7
     i64.const 1
     i64.shl
     i64.eqz
     br_if $__inlined_func$assembly/integral/safeUintOf$1
     drop
     i64.const -1
     local.get $7
     i64.const 63
     i64.shr_u
     i32.wrap_i64
     br_if $__inlined_func$assembly/integral/safeUintOf$1
     drop
     i64.const -1
     local.get $7
     i64.const 52
     i64.shr_u
     i32.wrap_i64
     i32.const 1023
     i32.sub
     local.tee $4
     i32.const 53
     i32.ge_s
     local.get $4
     i32.const 0
     i32.lt_s
     i32.or
     br_if $__inlined_func$assembly/integral/safeUintOf$1
     drop
     i64.const -1
     local.get $7
     i64.const 4503599627370495
     i64.and
     i64.const 4503599627370496
     i64.or
     local.tee $7
     i64.const 1
     i64.const 52
     local.get $4
     i64.extend_i32_s
     i64.sub
     local.tee $11
     i64.shl
     i64.const 1
     i64.sub
     i64.and
     i64.const 0
     i64.ne
     br_if $__inlined_func$assembly/integral/safeUintOf$1
     drop
     local.get $7
     local.get $11
     i64.shr_u
    end
   else
    i64.const 0
   end
   local.tee $7
   i64.const 0
   i64.lt_s
   br_if $folding-inner0
   local.get $2
   i64.reinterpret_f64
   local.tee $11
   i64.const 1
   i64.shl
   i64.eqz
   local.get $11
   i64.const 52
   i64.shr_u
   i64.const 2047
   i64.lt_u
   i32.or
   i32.eqz
   br_if $folding-inner0
   local.get $3
   i32.const 1
   i32.shl
   i32.const 2
   i32.add
   local.tee $8
   i32.const 2
   i32.shl
   i32.const 1024
   i32.add
   local.tee $9
   i32.const 17408
   i32.gt_u
   br_if $folding-inner0
   local.get $3
   i32.const 48
   i32.mul
   i32.const 400
   i32.add
   local.set $4
   loop $for-loop|0
    local.get $5
    local.get $8
    i32.lt_u
    if
     local.get $5
     i32.const 2
     i32.shl
     i32.const 1024
     i32.add
     i32.load
     local.tee $12
     i32.const 16384
     i32.gt_u
     br_if $folding-inner0
     local.get $6
     local.get $12
     i32.add
     local.set $6
     local.get $4
     local.get $0
     i32.const 1
     i32.and
     if (result i32)
      local.get $12
     else
      local.get $12
      i32.const 6
      i32.mul
      i32.const 2
      i32.add
     end
     i32.const 9
     i32.add
     i32.add
     local.set $4
     local.get $5
     i32.const 1
     i32.add
     local.set $5
     br $for-loop|0
    end
   end
   local.get $6
   local.get $9
   i32.add
   i32.const 17408
   i32.gt_u
   br_if $folding-inner0
   local.get $4
   i32.const 32768
   i32.gt_u
   if
    i32.const -1
    return
   end
   i32.const 50400
   local.set $5
   i32.const 50432
   local.set $4
   i32.const 32
   local.set $6
   loop $while-continue|0
    local.get $6
    i32.const 4
    i32.ge_u
    if
     local.get $5
     local.get $4
     i32.load
     i32.store
     local.get $5
     i32.const 4
     i32.add
     local.set $5
     local.get $4
     i32.const 4
     i32.add
     local.set $4
     local.get $6
     i32.const 4
     i32.sub
     local.set $6
     br $while-continue|0
    end
   end
   loop $while-continue|1
    local.get $6
    if
     local.get $5
     local.get $4
     i32.load8_u
     i32.store8
     local.get $5
     i32.const 1
     i32.add
     local.set $5
     local.get $4
     i32.const 1
     i32.add
     local.set $4
     local.get $6
     i32.const 1
     i32.sub
     local.set $6
     br $while-continue|1
    end
   end
   i32.const 50560
   i64.const 64
   i64.store
   local.get $0
   i32.const 1
   i32.and
   local.tee $4
   global.set $assembly/header/cbor
   local.get $10
   global.set $assembly/header/hasIat
   local.get $7
   global.set $assembly/header/iat
   local.get $0
   i32.const 4
   i32.and
   i32.const 0
   i32.ne
   global.set $assembly/header/hasName
   local.get $2
   global.set $assembly/header/intervalMs
   local.get $0
   i32.const 8
   i32.and
   i32.const 0
   i32.ne
   global.set $assembly/header/intervalAsFloat
   local.get $3
   global.set $assembly/header/nSensors
   i32.const 1024
   global.set $assembly/header/lens
   local.get $9
   global.set $assembly/header/strings
   i32.const 17408
   local.set $5
   i32.const 17408
   global.set $assembly/header/start
   i32.const 50572
   global.set $assembly/header/sigAt
   i32.const 51424
   i32.const 51152
   local.get $4
   select
   local.tee $4
   i32.const 20
   i32.sub
   i32.load offset=16
   i32.const 1
   i32.shr_u
   local.set $8
   i32.const 0
   local.set $6
   loop $for-loop|00
    local.get $6
    local.get $8
    i32.lt_u
    if
     local.get $4
     local.get $6
     i32.const 1
     i32.shl
     i32.add
     i32.load16_u
     local.tee $9
     i32.const 9
     i32.lt_u
     if (result i32)
      local.get $5
      local.get $9
      call $assembly/header/fill
     else
      local.get $5
      local.get $9
      i32.store8
      local.get $5
      i32.const 1
      i32.add
     end
     local.set $5
     local.get $6
     i32.const 1
     i32.add
     local.set $6
     br $for-loop|00
    end
   end
   i32.const 50568
   local.get $5
   i32.const 17408
   i32.sub
   local.tee $4
   i32.store
   i32.const 50576
   i64.const 0
   i64.store
   i32.const 50584
   local.get $0
   i32.store
   i32.const 50588
   local.get $3
   i32.store
   i32.const 50592
   i32.const 0
   i32.store
   i32.const 50596
   i32.const 1
   i32.store
   local.get $4
   return
  end
  i32.const -2
 )
 (func $assembly/hmac/hmacSetKey (param $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  i32.const 1024
  local.set $2
  local.get $0
  i32.const 64
  i32.gt_u
  if
   i32.const 50400
   i32.const 1779033703
   i32.store
   i32.const 50404
   i32.const -1150833019
   i32.store
   i32.const 50408
   i32.const 1013904242
   i32.store
   i32.const 50412
   i32.const -1521486534
   i32.store
   i32.const 50416
   i32.const 1359893119
   i32.store
   i32.const 50420
   i32.const -1694144372
   i32.store
   i32.const 50424
   i32.const 528734635
   i32.store
   i32.const 50428
   i32.const 1541459225
   i32.store
   i32.const 50560
   i64.const 0
   i64.store
   i32.const 1024
   local.get $0
   call $assembly/sha256/hashAbsorb
   call $assembly/sha256/hashPad
   i32.const 0
   local.set $2
   loop $for-loop|0
    local.get $2
    i32.const 32
    i32.lt_u
    if
     local.get $2
     i32.const 50272
     i32.add
     local.get $2
     i32.const 50400
     i32.add
     i32.load
     local.tee $0
     i32.const -16711936
     i32.and
     i32.const 8
     i32.rotl
     local.get $0
     i32.const 16711935
     i32.and
     i32.const 8
     i32.rotr
     i32.or
     i32.store
     local.get $2
     i32.const 4
     i32.add
     local.set $2
     br $for-loop|0
    end
   end
   i32.const 50304
   local.set $2
   loop $for-loop|00
    local.get $2
    i32.const 50336
    i32.lt_u
    if
     local.get $2
     i32.const 0
     i32.store8
     local.get $2
     i32.const 1
     i32.add
     local.set $2
     br $for-loop|00
    end
   end
  else
   i32.const 50272
   local.set $3
   local.get $0
   local.set $1
   loop $while-continue|0
    local.get $1
    i32.const 4
    i32.ge_u
    if
     local.get $3
     local.get $2
     i32.load
     i32.store
     local.get $3
     i32.const 4
     i32.add
     local.set $3
     local.get $2
     i32.const 4
     i32.add
     local.set $2
     local.get $1
     i32.const 4
     i32.sub
     local.set $1
     br $while-continue|0
    end
   end
   loop $while-continue|1
    local.get $1
    if
     local.get $3
     local.get $2
     i32.load8_u
     i32.store8
     local.get $3
     i32.const 1
     i32.add
     local.set $3
     local.get $2
     i32.const 1
     i32.add
     local.set $2
     local.get $1
     i32.const 1
     i32.sub
     local.set $1
     br $while-continue|1
    end
   end
   local.get $0
   i32.const 50272
   i32.add
   local.tee $2
   i32.const 64
   local.get $0
   i32.sub
   i32.add
   local.set $0
   loop $for-loop|001
    local.get $0
    local.get $2
    i32.gt_u
    if
     local.get $2
     i32.const 0
     i32.store8
     local.get $2
     i32.const 1
     i32.add
     local.set $2
     br $for-loop|001
    end
   end
  end
  i32.const 50432
  i32.const 909522486
  call $assembly/hmac/padAndCompress
  i32.const 50464
  i32.const 1549556828
  call $assembly/hmac/padAndCompress
  i32.const 50272
  local.set $2
  loop $for-loop|01
   local.get $2
   i32.const 50400
   i32.lt_u
   if
    local.get $2
    i32.const 0
    i32.store8
    local.get $2
    i32.const 1
    i32.add
    local.set $2
    br $for-loop|01
   end
  end
  i32.const 50496
  local.set $2
  loop $for-loop|02
   local.get $2
   i32.const 50560
   i32.lt_u
   if
    local.get $2
    i32.const 0
    i32.store8
    local.get $2
    i32.const 1
    i32.add
    local.set $2
    br $for-loop|02
   end
  end
  i32.const 50400
  local.set $2
  i32.const 50432
  local.set $0
  i32.const 32
  local.set $1
  loop $while-continue|03
   local.get $1
   i32.const 4
   i32.ge_u
   if
    local.get $2
    local.get $0
    i32.load
    i32.store
    local.get $2
    i32.const 4
    i32.add
    local.set $2
    local.get $0
    i32.const 4
    i32.add
    local.set $0
    local.get $1
    i32.const 4
    i32.sub
    local.set $1
    br $while-continue|03
   end
  end
  loop $while-continue|15
   local.get $1
   if
    local.get $2
    local.get $0
    i32.load8_u
    i32.store8
    local.get $2
    i32.const 1
    i32.add
    local.set $2
    local.get $0
    i32.const 1
    i32.add
    local.set $0
    local.get $1
    i32.const 1
    i32.sub
    local.set $1
    br $while-continue|15
   end
  end
  i32.const 50560
  i64.const 64
  i64.store
 )
 (func $assembly/header/fill (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i32)
  (local $6 i64)
  (local $7 i32)
  block $case7|0
   block $case6|0
    block $case5|0
     block $case4|0
      block $case3|0
       block $case2|0
        block $case1|0
         block $case0|0
          local.get $1
          i32.const 1
          i32.sub
          br_table $case0|0 $case1|0 $case2|0 $case3|0 $case4|0 $case5|0 $case6|0 $case7|0
         end
         local.get $0
         i32.const 163
         i32.const 162
         global.get $assembly/header/hasIat
         select
         i32.store8
         local.get $0
         i32.const 1
         i32.add
         return
        end
        global.get $assembly/header/hasIat
        i32.eqz
        if
         local.get $0
         return
        end
        global.get $assembly/header/cbor
        if
         i32.const 51644
         i32.load
         i32.const 1
         i32.shr_u
         local.set $1
         loop $for-loop|0
          local.get $1
          local.get $2
          i32.gt_u
          if
           local.get $0
           local.get $2
           i32.add
           local.get $2
           i32.const 1
           i32.shl
           i32.const 51648
           i32.add
           i32.load16_u
           i32.store8
           local.get $2
           i32.const 1
           i32.add
           local.set $2
           br $for-loop|0
          end
         end
         local.get $0
         local.get $1
         i32.add
         i32.const 0
         global.get $assembly/header/iat
         call $assembly/cbor/cborHead
         return
        end
        i32.const 51676
        i32.load
        i32.const 1
        i32.shr_u
        local.set $1
        loop $for-loop|02
         local.get $1
         local.get $2
         i32.gt_u
         if
          local.get $0
          local.get $2
          i32.add
          local.get $2
          i32.const 1
          i32.shl
          i32.const 51680
          i32.add
          i32.load16_u
          i32.store8
          local.get $2
          i32.const 1
          i32.add
          local.set $2
          br $for-loop|02
         end
        end
        local.get $0
        local.get $1
        i32.add
        local.tee $0
        global.get $assembly/header/iat
        call $assembly/dtoa/writeU64
        local.get $0
        i32.add
        return
       end
       global.get $assembly/header/sigAt
       local.get $0
       global.get $assembly/header/start
       i32.sub
       i32.store
       local.get $0
       local.set $1
       local.get $0
       i32.const -64
       i32.sub
       local.set $2
       loop $for-loop|03
        local.get $1
        local.get $2
        i32.lt_u
        if
         local.get $1
         i32.const 48
         i32.store8
         local.get $1
         i32.const 1
         i32.add
         local.set $1
         br $for-loop|03
        end
       end
       local.get $0
       i32.const -64
       i32.sub
       return
      end
      local.get $0
      i32.const 165
      i32.const 164
      global.get $assembly/header/hasName
      select
      i32.store8
      local.get $0
      i32.const 1
      i32.add
      return
     end
     global.get $assembly/header/hasName
     i32.eqz
     if
      local.get $0
      return
     end
     global.get $assembly/header/cbor
     if
      i32.const 52108
      i32.load
      i32.const 1
      i32.shr_u
      local.set $1
      loop $for-loop|06
       local.get $1
       local.get $2
       i32.gt_u
       if
        local.get $0
        local.get $2
        i32.add
        local.get $2
        i32.const 1
        i32.shl
        i32.const 52112
        i32.add
        i32.load16_u
        i32.store8
        local.get $2
        i32.const 1
        i32.add
        local.set $2
        br $for-loop|06
       end
      end
      local.get $0
      local.get $1
      i32.add
      i32.const 0
      call $assembly/header/str
      return
     end
     i32.const 52156
     i32.load
     i32.const 1
     i32.shr_u
     local.set $1
     loop $for-loop|09
      local.get $1
      local.get $2
      i32.gt_u
      if
       local.get $0
       local.get $2
       i32.add
       local.get $2
       i32.const 1
       i32.shl
       i32.const 52160
       i32.add
       i32.load16_u
       i32.store8
       local.get $2
       i32.const 1
       i32.add
       local.set $2
       br $for-loop|09
      end
     end
     local.get $0
     local.get $1
     i32.add
     i32.const 0
     call $assembly/header/str
     local.set $0
     i32.const 52204
     i32.load
     i32.const 1
     i32.shr_u
     local.set $1
     loop $for-loop|012
      local.get $1
      local.get $3
      i32.gt_u
      if
       local.get $0
       local.get $3
       i32.add
       local.get $3
       i32.const 1
       i32.shl
       i32.const 52208
       i32.add
       i32.load16_u
       i32.store8
       local.get $3
       i32.const 1
       i32.add
       local.set $3
       br $for-loop|012
      end
     end
     local.get $0
     local.get $1
     i32.add
     return
    end
    local.get $0
    i32.const 1
    call $assembly/header/str
    return
   end
   global.get $assembly/header/cbor
   i32.eqz
   if
    local.get $0
    global.get $assembly/header/intervalMs
    call $assembly/dtoa/writeF64
    local.get $0
    i32.add
    return
   end
   global.get $assembly/header/intervalAsFloat
   if (result i64)
    i64.const -1
   else
    block $__inlined_func$assembly/integral/safeUintOf (result i64)
     i64.const 0
     global.get $assembly/header/intervalMs
     i64.reinterpret_f64
     local.tee $4
     i64.const 1
     i64.shl
     i64.eqz
     br_if $__inlined_func$assembly/integral/safeUintOf
     drop
     i64.const -1
     local.get $4
     i64.const 63
     i64.shr_u
     i32.wrap_i64
     br_if $__inlined_func$assembly/integral/safeUintOf
     drop
     i64.const -1
     local.get $4
     i64.const 52
     i64.shr_u
     i32.wrap_i64
     i32.const 1023
     i32.sub
     local.tee $1
     i32.const 53
     i32.ge_s
     local.get $1
     i32.const 0
     i32.lt_s
     i32.or
     br_if $__inlined_func$assembly/integral/safeUintOf
     drop
     i64.const -1
     local.get $4
     i64.const 4503599627370495
     i64.and
     i64.const 4503599627370496
     i64.or
     local.tee $4
     i64.const 1
     i64.const 52
     local.get $1
     i64.extend_i32_s
     i64.sub
     local.tee $6
     i64.shl
     i64.const 1
     i64.sub
     i64.and
     i64.const 0
     i64.ne
     br_if $__inlined_func$assembly/integral/safeUintOf
     drop
     local.get $4
     local.get $6
     i64.shr_u
    end
   end
   local.tee $4
   i64.const 0
   i64.ge_s
   if
    local.get $0
    i32.const 0
    local.get $4
    call $assembly/cbor/cborHead
    return
   end
   local.get $0
   global.get $assembly/header/intervalMs
   call $assembly/cbor/cborF64
   return
  end
  global.get $assembly/header/cbor
  if
   local.get $0
   i32.const 128
   global.get $assembly/header/nSensors
   i64.extend_i32_u
   call $assembly/cbor/cborHead
   local.set $0
  end
  loop $for-loop|1
   local.get $2
   global.get $assembly/header/nSensors
   i32.lt_u
   if
    local.get $2
    i32.const 1
    i32.shl
    i32.const 2
    i32.add
    local.set $3
    global.get $assembly/header/cbor
    if (result i32)
     i32.const 0
     local.set $1
     i32.const 53036
     i32.load
     i32.const 1
     i32.shr_u
     local.set $5
     loop $for-loop|015
      local.get $1
      local.get $5
      i32.lt_u
      if
       local.get $0
       local.get $1
       i32.add
       local.get $1
       i32.const 1
       i32.shl
       i32.const 53040
       i32.add
       i32.load16_u
       i32.store8
       local.get $1
       i32.const 1
       i32.add
       local.set $1
       br $for-loop|015
      end
     end
     local.get $0
     local.get $5
     i32.add
     local.get $3
     call $assembly/header/str
     local.set $1
     i32.const 0
     local.set $0
     i32.const 53068
     i32.load
     i32.const 1
     i32.shr_u
     local.set $5
     loop $for-loop|018
      local.get $0
      local.get $5
      i32.lt_u
      if
       local.get $0
       local.get $1
       i32.add
       local.get $0
       i32.const 1
       i32.shl
       i32.const 53072
       i32.add
       i32.load16_u
       i32.store8
       local.get $0
       i32.const 1
       i32.add
       local.set $0
       br $for-loop|018
      end
     end
     local.get $1
     local.get $5
     i32.add
     local.get $3
     i32.const 1
     i32.add
     call $assembly/header/str
    else
     i32.const 0
     local.set $1
     i32.const 53152
     i32.const 53104
     local.get $2
     select
     local.tee $5
     i32.const 20
     i32.sub
     i32.load offset=16
     i32.const 1
     i32.shr_u
     local.set $7
     loop $for-loop|021
      local.get $1
      local.get $7
      i32.lt_u
      if
       local.get $0
       local.get $1
       i32.add
       local.get $5
       local.get $1
       i32.const 1
       i32.shl
       i32.add
       i32.load16_u
       i32.store8
       local.get $1
       i32.const 1
       i32.add
       local.set $1
       br $for-loop|021
      end
     end
     local.get $0
     local.get $7
     i32.add
     local.get $3
     call $assembly/header/str
     local.set $1
     i32.const 0
     local.set $0
     i32.const 53196
     i32.load
     i32.const 1
     i32.shr_u
     local.set $5
     loop $for-loop|024
      local.get $0
      local.get $5
      i32.lt_u
      if
       local.get $0
       local.get $1
       i32.add
       local.get $0
       i32.const 1
       i32.shl
       i32.const 53200
       i32.add
       i32.load16_u
       i32.store8
       local.get $0
       i32.const 1
       i32.add
       local.set $0
       br $for-loop|024
      end
     end
     local.get $1
     local.get $5
     i32.add
     local.get $3
     i32.const 1
     i32.add
     call $assembly/header/str
     local.set $1
     i32.const 0
     local.set $0
     i32.const 53244
     i32.load
     i32.const 1
     i32.shr_u
     local.set $3
     loop $for-loop|027
      local.get $0
      local.get $3
      i32.lt_u
      if
       local.get $0
       local.get $1
       i32.add
       local.get $0
       i32.const 1
       i32.shl
       i32.const 53248
       i32.add
       i32.load16_u
       i32.store8
       local.get $0
       i32.const 1
       i32.add
       local.set $0
       br $for-loop|027
      end
     end
     local.get $1
     local.get $3
     i32.add
    end
    local.set $0
    local.get $2
    i32.const 1
    i32.add
    local.set $2
    br $for-loop|1
   end
  end
  local.get $0
 )
 (func $assembly/abi/version (result i32)
  i32.const 2
 )
 (func $assembly/abi/sha256Init
  i32.const 50400
  i32.const 1779033703
  i32.store
  i32.const 50404
  i32.const -1150833019
  i32.store
  i32.const 50408
  i32.const 1013904242
  i32.store
  i32.const 50412
  i32.const -1521486534
  i32.store
  i32.const 50416
  i32.const 1359893119
  i32.store
  i32.const 50420
  i32.const -1694144372
  i32.store
  i32.const 50424
  i32.const 528734635
  i32.store
  i32.const 50428
  i32.const 1541459225
  i32.store
  i32.const 50560
  i64.const 0
  i64.store
 )
 (func $assembly/abi/sha256Finish (param $0 i32)
  (local $1 i32)
  i32.const 1024
  i32.const 16384
  local.get $0
  local.get $0
  i32.const 16384
  i32.gt_u
  select
  call $assembly/sha256/hashAbsorb
  call $assembly/sha256/hashPad
  i32.const 0
  local.set $0
  loop $for-loop|0
   local.get $0
   i32.const 32
   i32.lt_u
   if
    local.get $0
    i32.const 50176
    i32.add
    local.get $0
    i32.const 50400
    i32.add
    i32.load
    local.tee $1
    i32.const -16711936
    i32.and
    i32.const 8
    i32.rotl
    local.get $1
    i32.const 16711935
    i32.and
    i32.const 8
    i32.rotr
    i32.or
    i32.store
    local.get $0
    i32.const 4
    i32.add
    local.set $0
    br $for-loop|0
   end
  end
 )
 (func $assembly/abi/outPtr (result i32)
  i32.const 17408
 )
 (func $assembly/abi/outCap (result i32)
  i32.const 32768
 )
 (func $assembly/abi/inPtr (result i32)
  i32.const 1024
 )
 (func $assembly/abi/inCap (result i32)
  i32.const 16384
 )
 (func $assembly/abi/hmacReset
  (local $0 i32)
  (local $1 i32)
  (local $2 i32)
  i32.const 50400
  local.set $0
  i32.const 50432
  local.set $1
  i32.const 32
  local.set $2
  loop $while-continue|0
   local.get $2
   i32.const 4
   i32.ge_u
   if
    local.get $0
    local.get $1
    i32.load
    i32.store
    local.get $0
    i32.const 4
    i32.add
    local.set $0
    local.get $1
    i32.const 4
    i32.add
    local.set $1
    local.get $2
    i32.const 4
    i32.sub
    local.set $2
    br $while-continue|0
   end
  end
  loop $while-continue|1
   local.get $2
   if
    local.get $0
    local.get $1
    i32.load8_u
    i32.store8
    local.get $0
    i32.const 1
    i32.add
    local.set $0
    local.get $1
    i32.const 1
    i32.add
    local.set $1
    local.get $2
    i32.const 1
    i32.sub
    local.set $2
    br $while-continue|1
   end
  end
  i32.const 50560
  i64.const 64
  i64.store
 )
 (func $assembly/abi/hmacKey (param $0 i32)
  i32.const 16384
  local.get $0
  local.get $0
  i32.const 16384
  i32.gt_u
  select
  call $assembly/hmac/hmacSetKey
 )
 (func $assembly/abi/hmacFinish (param $0 i32)
  i32.const 1024
  i32.const 16384
  local.get $0
  local.get $0
  i32.const 16384
  i32.gt_u
  select
  call $assembly/sha256/hashAbsorb
  call $assembly/hmac/hmacFinal
 )
 (func $assembly/abi/hashUpdate (param $0 i32)
  i32.const 1024
  i32.const 16384
  local.get $0
  local.get $0
  i32.const 16384
  i32.gt_u
  select
  call $assembly/sha256/hashAbsorb
 )
 (func $assembly/abi/digestPtr (result i32)
  i32.const 50176
 )
 (func $assembly/abi/ctxSize (result i32)
  i32.const 208
 )
 (func $assembly/abi/ctxPtr (result i32)
  i32.const 50400
 )
)
