export const PLACEHOLDER_HOMEPAGE: string;
export interface ListingAuthor {
    name?: string;
    homepage?: string;
    support?: string;
}
export function listingAuthor(pkg: Record<string, unknown>, appAuthor: ListingAuthor): ListingAuthor;
export function listingProblems(author: ListingAuthor): string[];
