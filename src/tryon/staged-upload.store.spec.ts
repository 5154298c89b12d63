import { STAGED_UPLOAD_TTL_MS, StagedUploadStore } from './staged-upload.store';

const bytes = (n: number) => Buffer.alloc(n, 1);

describe('StagedUploadStore', () => {
  it('keeps an upload for its owner only, once, for ten minutes', () => {
    const store = new StagedUploadStore(100, 60);
    const a = store.put('kiosk:a', bytes(10), 0)!;
    expect(store.get('kiosk:b', a.uploadId, 1)).toBeNull();
    expect(store.get('kiosk:a', a.uploadId, 1)).toEqual(bytes(10));
    expect(store.get('kiosk:a', a.uploadId, STAGED_UPLOAD_TTL_MS)).toBeNull();
    const b = store.put('kiosk:a', bytes(10), 0)!;
    store.consume(b.uploadId);
    expect(store.get('kiosk:a', b.uploadId, 1)).toBeNull();
  });

  it("never pushes out another caller's waiting upload: a full store refuses the newcomer", () => {
    const store = new StagedUploadStore(100, 60);
    const a = store.put('kiosk:a', bytes(50), 0)!;
    const b = store.put('kiosk:b', bytes(40), 0)!;
    expect(store.put('kiosk:c', bytes(20), 1)).toBeNull();
    expect(store.get('kiosk:a', a.uploadId, 2)).not.toBeNull();
    expect(store.get('kiosk:b', b.uploadId, 2)).not.toBeNull();
    // Once one is used there is room again.
    store.consume(a.uploadId);
    expect(store.put('kiosk:c', bytes(20), 3)).not.toBeNull();
  });

  it("makes room from the caller's own oldest uploads, up to its share of the store", () => {
    const store = new StagedUploadStore(100, 60);
    const other = store.put('kiosk:b', bytes(30), 0)!;
    const first = store.put('kiosk:a', bytes(30), 0)!;
    const second = store.put('kiosk:a', bytes(30), 1)!;
    // A third would pass kiosk:a's share (60): its oldest goes, kiosk:b's stays.
    const third = store.put('kiosk:a', bytes(30), 2)!;
    expect(third).not.toBeNull();
    expect(store.get('kiosk:a', first.uploadId, 3)).toBeNull();
    expect(store.get('kiosk:a', second.uploadId, 3)).not.toBeNull();
    expect(store.get('kiosk:b', other.uploadId, 3)).not.toBeNull();
    // One upload larger than a caller's share is refused outright.
    expect(store.put('kiosk:a', bytes(61), 4)).toBeNull();
  });

  it('counts expired uploads as free room', () => {
    const store = new StagedUploadStore(100, 100);
    store.put('kiosk:a', bytes(90), 0);
    expect(store.put('kiosk:b', bytes(50), 1)).toBeNull();
    expect(store.put('kiosk:b', bytes(50), STAGED_UPLOAD_TTL_MS)).not.toBeNull();
  });
});
