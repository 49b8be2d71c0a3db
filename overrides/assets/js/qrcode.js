// A QR code for a short text, made in the browser: version 1 (21 × 21),
// error correction level M, alphanumeric mode (0–9, A–Z, space and $%*+-./:),
// up to 20 characters: exactly what a group code needs (see groupcode.js).
// The build's QR codes come from segno (build/qr.py); this small encoder is
// its browser counterpart, tested module for module against segno.
// Reference: ISO/IEC 18004:2015; the structure follows Nayuki's public
// QR Code generator (MIT).
const SIZE = 21;
const DATA_CODEWORDS = 16; // version 1-M
const EC_CODEWORDS = 10;
const CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
export const MAX_LENGTH = 20;

function gfMultiply(x, y) {
  let z = 0;
  for (let i = 7; i >= 0; i -= 1) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z & 0xff;
}

function reedSolomon(data, degree) {
  const divisor = new Array(degree).fill(0);
  divisor[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i += 1) {
    for (let j = 0; j < degree; j += 1) {
      divisor[j] = gfMultiply(divisor[j], root);
      if (j + 1 < degree) divisor[j] ^= divisor[j + 1];
    }
    root = gfMultiply(root, 0x02);
  }
  const result = new Array(degree).fill(0);
  for (const byte of data) {
    const factor = byte ^ result.shift();
    result.push(0);
    divisor.forEach((coef, i) => { result[i] ^= gfMultiply(coef, factor); });
  }
  return result;
}

function codewords(text) {
  const bits = [];
  const put = (value, length) => { for (let i = length - 1; i >= 0; i -= 1) bits.push((value >>> i) & 1); };
  put(0b0010, 4); // alphanumeric mode
  put(text.length, 9);
  for (let i = 0; i < text.length; i += 2) {
    const a = CHARSET.indexOf(text[i]);
    if (i + 1 < text.length) put(a * 45 + CHARSET.indexOf(text[i + 1]), 11);
    else put(a, 6);
  }
  const capacity = DATA_CODEWORDS * 8;
  put(0, Math.min(4, capacity - bits.length)); // terminator
  while (bits.length % 8) bits.push(0);
  const data = [];
  for (let i = 0; i < bits.length; i += 8) data.push(parseInt(bits.slice(i, i + 8).join(""), 2));
  for (let pad = 0xec; data.length < DATA_CODEWORDS; pad ^= 0xec ^ 0x11) data.push(pad);
  return [...data, ...reedSolomon(data, EC_CODEWORDS)];
}

const MASKS = [
  (x, y) => (x + y) % 2 === 0,
  (x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

// text -> rows of booleans (true = dark), SIZE × SIZE, without the quiet zone.
export function qrMatrix(text, mask = 4) {
  if (text.length > MAX_LENGTH || [...text].some((ch) => !CHARSET.includes(ch))) {
    throw new Error("qrMatrix: up to 20 characters of 0-9 A-Z space $%*+-./:");
  }
  const modules = Array.from({ length: SIZE }, () => new Array(SIZE).fill(false));
  const fixed = Array.from({ length: SIZE }, () => new Array(SIZE).fill(false));
  const set = (x, y, dark) => { modules[y][x] = dark; fixed[y][x] = true; };

  for (let i = 0; i < SIZE; i += 1) { set(6, i, i % 2 === 0); set(i, 6, i % 2 === 0); }
  for (const [cx, cy] of [[3, 3], [SIZE - 4, 3], [3, SIZE - 4]]) {
    for (let dy = -4; dy <= 4; dy += 1) {
      for (let dx = -4; dx <= 4; dx += 1) {
        const x = cx + dx, y = cy + dy;
        const dist = Math.max(Math.abs(dx), Math.abs(dy));
        if (x >= 0 && x < SIZE && y >= 0 && y < SIZE) set(x, y, dist !== 2 && dist !== 4);
      }
    }
  }
  // Format information: level M (00) and the mask, BCH-coded and masked.
  const format = mask;
  let rem = format;
  for (let i = 0; i < 10; i += 1) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  const bits = ((format << 10) | rem) ^ 0x5412;
  const bit = (i) => ((bits >>> i) & 1) === 1;
  for (let i = 0; i <= 5; i += 1) set(8, i, bit(i));
  set(8, 7, bit(6));
  set(8, 8, bit(7));
  set(7, 8, bit(8));
  for (let i = 9; i < 15; i += 1) set(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i += 1) set(SIZE - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i += 1) set(8, SIZE - 15 + i, bit(i));
  set(8, SIZE - 8, true); // the dark module

  const data = codewords(text);
  let i = 0;
  for (let right = SIZE - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < SIZE; vert += 1) {
      for (let j = 0; j < 2; j += 1) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? SIZE - 1 - vert : vert;
        if (!fixed[y][x] && i < data.length * 8) {
          modules[y][x] = ((data[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
          i += 1;
        }
      }
    }
  }
  const flip = MASKS[mask];
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) if (!fixed[y][x] && flip(x, y)) modules[y][x] = !modules[y][x];
  }
  return modules;
}

// The SVG markup of the code: dark modules on white, a 4-module quiet zone,
// one path (crisp at any size, prints in black and white).
export function qrPath(matrix) {
  let d = "";
  matrix.forEach((row, y) => row.forEach((dark, x) => { if (dark) d += `M${x + 4} ${y + 4}h1v1h-1z`; }));
  return { size: matrix.length + 8, d };
}
