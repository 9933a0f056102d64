// Stand-in for jsr:@std/streams's toArrayBuffer: reads a byte stream to its end.
export async function toArrayBuffer(readable: ReadableStream<Uint8Array>): Promise<ArrayBuffer> {
    return await new Response(readable).arrayBuffer();
}
