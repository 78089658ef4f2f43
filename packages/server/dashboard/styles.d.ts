// Style sheets imported for their side effect: esbuild bundles them into app.css (build-dashboard.mjs).
declare module '*.css';
