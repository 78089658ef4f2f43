#!/usr/bin/env node
// Lists the exported declarations of the packages' public entries (their built .d.ts) that have no
// JSDoc: every export of the entry module, and every public member of an exported class or
// interface. Uses the TypeScript 5 compiler API (the `typescript5` devDependency; TypeScript 7's
// native compiler has no stable JS API). test/jsdoc.test.ts fails on any; run this for the list:
//
//   node scripts/check-jsdoc.mjs            (after npm run build)
import ts from 'typescript5';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const PUBLIC_ENTRIES = {
  edgesign: path.join(root, 'packages/edgesign/dist/index.d.ts'),
  'edgesign-server': path.join(root, 'packages/server/dist/service/index.d.ts'),
};

function hasDoc(decl, checker, symbol) {
  if (ts.getJSDocCommentsAndTags(decl).length > 0) return true;
  return symbol !== undefined && ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '';
}

function isPublicMember(decl) {
  const flags = ts.getCombinedModifierFlags(decl);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  if (decl.name && ts.isPrivateIdentifier(decl.name)) return false;
  return (
    ts.isPropertyDeclaration(decl) || ts.isPropertySignature(decl) || ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl) ||
    ts.isGetAccessorDeclaration(decl) || ts.isSetAccessorDeclaration(decl) || ts.isConstructorDeclaration(decl)
  );
}

/** `[package, "name" or "Type.member", file:line]` for every exported declaration without JSDoc. */
export function missingJsdoc(entries = PUBLIC_ENTRIES) {
  const program = ts.createProgram(Object.values(entries), { strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const missing = [];
  const where = (decl) => {
    const sf = decl.getSourceFile();
    return `${path.relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(decl.getStart()).line + 1}`;
  };
  for (const [pkg, file] of Object.entries(entries)) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`${file} is missing: run npm run build`);
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    for (const exp of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      for (const decl of symbol.declarations ?? []) {
        if (!hasDoc(decl, checker, undefined)) missing.push([pkg, exp.name, where(decl)]);
        if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) {
          for (const m of decl.members) {
            if (!isPublicMember(m)) continue;
            const name = ts.isConstructorDeclaration(m) ? 'constructor' : m.name.getText();
            // A class member that implements a documented interface or base member inherits its
            // JSDoc (editors show it); `Store`'s methods are documented once, on the interface.
            const inherited = ts.isClassDeclaration(decl) && m.name ? checker.getSymbolAtLocation(m.name) : undefined;
            if (!hasDoc(m, checker, inherited)) missing.push([pkg, `${exp.name}.${name}`, where(m)]);
          }
        }
      }
    }
  }
  return missing;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const missing = missingJsdoc();
  for (const [pkg, name, at] of missing) console.log(`${pkg}\t${name}\t${at}`);
  console.log(`${missing.length} exported declarations without JSDoc`);
  process.exit(missing.length === 0 ? 0 : 1);
}
