// The marketplace listing's author (app.json `author`), from package.json at packaging time, so
// that whoever publishes sets it once where npm tooling expects it: `author` (a name, or
// { name, url, email }), `homepage` and `bugs` (a URL, or { url, email }).

/** The address app.json carries until the publisher sets theirs: a placeholder, not a project's home. */
export const PLACEHOLDER_HOMEPAGE = 'https://rocket.chat/marketplace';

export function listingAuthor(pkg, appAuthor) {
    const author = typeof pkg.author === 'string' ? { name: pkg.author.replace(/\s*[<(].*$/, '').trim() } : (pkg.author ?? {});
    const bugs = typeof pkg.bugs === 'string' ? { url: pkg.bugs } : (pkg.bugs ?? {});
    const support = bugs.url ?? (bugs.email ? `mailto:${bugs.email}` : undefined);
    return {
        name: author.name || appAuthor.name,
        homepage: pkg.homepage ?? author.url ?? appAuthor.homepage,
        support: support ?? appAuthor.support,
    };
}

/** Why the listing cannot be published as it is: each field still a placeholder or missing. */
export function listingProblems(author) {
    const problems = [];
    if (!author.homepage || author.homepage === PLACEHOLDER_HOMEPAGE) problems.push('package.json "homepage" (the project\'s public page)');
    if (!author.support || author.support === PLACEHOLDER_HOMEPAGE) problems.push('package.json "bugs" (where users get help: a URL, or { "email": ... })');
    if (!author.name) problems.push('package.json "author" (the publisher\'s name)');
    return problems;
}
