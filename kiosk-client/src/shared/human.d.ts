/**
 * The parts of @vladmandic/human the mirror uses. Its npm package (3.3.6) ships empty declaration
 * files, so the shapes are declared here from its documentation.
 */
declare module '@vladmandic/human' {
  export interface BodyKeypoint {
    part: string;
    /** [x, y, z?] in pixels of the input. */
    position: number[];
    score: number;
  }
  export interface BodyResult {
    score: number;
    box: [number, number, number, number];
    keypoints: BodyKeypoint[];
  }
  export interface FaceResult {
    score: number;
    boxScore: number;
    box: [number, number, number, number];
    /** The face descriptor (faceres: 1024 values). */
    embedding?: number[];
  }
  export interface Result {
    body: BodyResult[];
    face: FaceResult[];
    canvas?: unknown;
  }
  export type Input = HTMLVideoElement | HTMLCanvasElement | HTMLImageElement | ImageData | ImageBitmap;
  export class Human {
    constructor(config?: Record<string, unknown>);
    load(): Promise<void>;
    warmup(): Promise<unknown>;
    detect(input: Input, config?: Record<string, unknown>): Promise<Result>;
    tf: { getBackend(): string };
  }
}
