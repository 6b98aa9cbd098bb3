import { createRequire } from 'node:module';
import { DicomWebClient, EXPLICIT_VR_LITTLE_ENDIAN, PacsHttp } from '../../src/pacs/index.js';

/**
 * WADO-RS retrieval of one series two ways, in this process: our streaming multipart reader
 * (`src/pacs/dicomweb.ts`) and `dicomweb-client` with the `xhr2` XMLHttpRequest polyfill. Peak RSS
 * above the level before each run, sampled every 10 ms, and wall time.
 */

interface Orthanc {
  url: string;
  username: string;
  password: string;
}

interface DicomWebClientApi {
  api: {
    DICOMwebClient: new (options: {
      url: string;
      headers: Record<string, string>;
    }) => {
      retrieveSeries(options: {
        studyInstanceUID: string;
        seriesInstanceUID: string;
        mediaTypes: { mediaType: string; transferSyntaxUID: string }[];
      }): Promise<ArrayBuffer[]>;
    };
  };
}

async function measure(run: () => Promise<number>): Promise<{ ms: number; peakMb: number; bytes: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const start = performance.now();
  const bytes = await run();
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, peakMb: (peak - base) / 2 ** 20, bytes };
}

export async function compareRetrieval(orthanc: Orthanc, studyUid: string, seriesUid: string): Promise<void> {
  const ours = await measure(async () => {
    const client = new DicomWebClient(new PacsHttp({ baseUrl: orthanc.url, ...orthanc }));
    let bytes = 0;
    // What the worker does: keep every instance (the analysis needs the whole study).
    const kept: Uint8Array[] = [];
    for await (const part of client.retrieveSeries(studyUid, seriesUid)) {
      bytes += part.byteLength;
      kept.push(part);
    }
    return bytes;
  });
  const require = createRequire(import.meta.url);
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = require('xhr2');
  const dicomweb = require('dicomweb-client') as DicomWebClientApi;
  const theirs = await measure(async () => {
    const client = new dicomweb.api.DICOMwebClient({
      url: `${orthanc.url}/dicom-web`,
      headers: {
        Authorization: `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString('base64')}`,
      },
    });
    const parts = await client.retrieveSeries({
      studyInstanceUID: studyUid,
      seriesInstanceUID: seriesUid,
      mediaTypes: [{ mediaType: 'application/dicom', transferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN }],
    });
    return parts.reduce((a, p) => a + p.byteLength, 0);
  });
  const line = (name: string, r: typeof ours) =>
    `  ${name.padEnd(34)} ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.ms / 1000).toFixed(2)} s, peak RSS +${r.peakMb.toFixed(0)} MB`;
  console.log("\nWADO-RS retrieval of the study's largest series, in one process:");
  console.log(line('streaming reader (src/pacs)', ours));
  console.log(line('dicomweb-client 0.11 + xhr2', theirs));
}
