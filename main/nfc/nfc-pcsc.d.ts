// nfc-pcsc ships no types; ./nfc-pcsc-types.ts describes the part we use.
declare module 'nfc-pcsc';
