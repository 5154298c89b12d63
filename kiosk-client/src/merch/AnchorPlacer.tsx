import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { GarmentAnchorName } from '../gql/graphql';
import type { AnchorStep, Placed } from './anchors';

const MAX_W = 520;
const MAX_H = 620;

/** Image-left anchors (the wearer's right) in blue, image-right in red, centre ones in green. */
const colourOf = (name: GarmentAnchorName) => (name.startsWith('RIGHT_') ? '#0a4da2' : name.startsWith('LEFT_') ? '#b4232a' : '#1b6e3a');

/**
 * The garment image with its anchor points: a click places the anchor that is next; placed
 * anchors can be dragged, or focused and moved with the arrow keys (Shift: 10 px). Coordinates are
 * in the image's own pixels.
 */
export function AnchorPlacer(props: {
  src: string;
  width: number;
  height: number;
  steps: AnchorStep[];
  placed: Placed;
  active: GarmentAnchorName | null;
  onPlace: (name: GarmentAnchorName, p: { x: number; y: number }) => void;
  onActivate: (name: GarmentAnchorName | null) => void;
}) {
  const scale = Math.min(MAX_W / props.width, MAX_H / props.height, 4);
  const w = Math.round(props.width * scale);
  const h = Math.round(props.height * scale);
  const surface = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState<GarmentAnchorName | null>(null);
  /** Where Enter places the next anchor when the image has keyboard focus. */
  const [cursor, setCursor] = useState({ x: Math.round(props.width / 2), y: Math.round(props.height / 2) });
  const [focused, setFocused] = useState(false);
  const step = props.steps.find((s) => s.name === props.active) ?? null;

  const toImage = (clientX: number, clientY: number) => {
    const rect = surface.current!.getBoundingClientRect();
    const clamp = (v: number, max: number) => Math.min(max - 1, Math.max(0, v));
    return { x: Math.round(clamp((clientX - rect.left) / scale, props.width) * 10) / 10, y: Math.round(clamp((clientY - rect.top) / scale, props.height) * 10) / 10 };
  };

  const onSurfaceClick = (e: React.MouseEvent) => {
    if (!props.active || dragging) return;
    props.onPlace(props.active, toImage(e.clientX, e.clientY));
  };

  const onMarkerDown = (name: GarmentAnchorName) => (e: PointerEvent<HTMLButtonElement>) => {
    e.stopPropagation();
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    setDragging(name);
  };
  const onMarkerMove = (name: GarmentAnchorName) => (e: PointerEvent<HTMLButtonElement>) => {
    if (dragging !== name) return;
    props.onPlace(name, toImage(e.clientX, e.clientY));
  };
  const onMarkerUp = (e: PointerEvent<HTMLButtonElement>) => {
    e.stopPropagation();
    // Let the click that follows the drag pass without placing the next anchor.
    setTimeout(() => setDragging(null), 0);
  };
  const onMarkerKey = (name: GarmentAnchorName) => (e: KeyboardEvent<HTMLButtonElement>) => {
    const p = props.placed[name];
    if (!p) return;
    const d = e.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, -d], ArrowDown: [0, d] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    props.onPlace(name, { x: Math.min(props.width - 1, Math.max(0, p.x + m[0])), y: Math.min(props.height - 1, Math.max(0, p.y + m[1])) });
  };

  const onSurfaceKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const d = Math.max(1, Math.round((e.shiftKey ? 40 : 8) / scale));
    const moves: Record<string, [number, number]> = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, -d], ArrowDown: [0, d] };
    if (moves[e.key]) {
      e.preventDefault();
      setCursor((c) => ({ x: Math.min(props.width - 1, Math.max(0, c.x + moves[e.key][0])), y: Math.min(props.height - 1, Math.max(0, c.y + moves[e.key][1])) }));
    } else if ((e.key === 'Enter' || e.key === ' ') && props.active) {
      e.preventDefault();
      props.onPlace(props.active, cursor);
    }
  };

  return (
    <Stack spacing={1.5}>
      <Box
        role="status"
        aria-live="polite"
        data-testid="anchor-next"
        sx={{ p: 1.5, borderRadius: 1, bgcolor: step ? 'primary.main' : 'success.main', color: '#fff', fontWeight: 600 }}
      >
        {step ? (
          <>
            Click the <strong>{step.label.toLowerCase()}</strong>: {step.where}
            {!step.required && ' (optional)'}
          </>
        ) : (
          'All anchors placed. Drag a point, or focus it and use the arrow keys, to adjust it.'
        )}
      </Box>
      <Box
        ref={surface}
        onClick={onSurfaceClick}
        onKeyDown={onSurfaceKey}
        onFocus={(e) => e.target === e.currentTarget && setFocused(true)}
        onBlur={() => setFocused(false)}
        tabIndex={0}
        role="application"
        aria-label={`Garment image. ${step ? `Arrow keys move the cross, Enter places the ${step.label.toLowerCase()}.` : 'All anchors placed.'} Tab to a placed point to move it with the arrow keys.`}
        data-testid="anchor-surface"
        sx={{
          position: 'relative',
          width: w,
          height: h,
          cursor: props.active ? 'crosshair' : 'default',
          userSelect: 'none',
          '&:focus-visible': { outline: '3px solid #f59e0b', outlineOffset: 2 },
          touchAction: 'none',
          border: 1,
          borderColor: 'divider',
          // A checkerboard shows what is transparent.
          backgroundColor: '#fff',
          backgroundImage: 'linear-gradient(45deg,#d1d5db 25%,transparent 25%),linear-gradient(-45deg,#d1d5db 25%,transparent 25%),linear-gradient(45deg,transparent 75%,#d1d5db 75%),linear-gradient(-45deg,transparent 75%,#d1d5db 75%)',
          backgroundSize: '20px 20px',
          backgroundPosition: '0 0,0 10px,10px -10px,-10px 0',
        }}
      >
        {focused && props.active && (
          <Box aria-hidden sx={{ position: 'absolute', left: cursor.x * scale - 14, top: cursor.y * scale - 14, width: 28, height: 28, pointerEvents: 'none', zIndex: 1, '&::before, &::after': { content: '""', position: 'absolute', bgcolor: '#f59e0b', boxShadow: '0 0 0 1px #111827' }, '&::before': { left: 13, top: 0, width: 2, height: 28 }, '&::after': { top: 13, left: 0, height: 2, width: 28 } }} />
        )}
        <Box component="img" src={props.src} alt="The garment image to anchor" draggable={false} sx={{ width: w, height: h, display: 'block', pointerEvents: 'none' }} />
        {props.steps.map((s, i) => {
          const p = props.placed[s.name];
          if (!p) return null;
          return (
            <Box
              key={s.name}
              component="button"
              type="button"
              aria-label={`${s.label} at ${Math.round(p.x)}, ${Math.round(p.y)}: drag or use the arrow keys to move`}
              title={s.label}
              data-testid={`anchor-${s.name}`}
              onPointerDown={onMarkerDown(s.name)}
              onPointerMove={onMarkerMove(s.name)}
              onPointerUp={onMarkerUp}
              onClick={(e: React.MouseEvent) => e.stopPropagation()}
              onKeyDown={onMarkerKey(s.name)}
              sx={{
                position: 'absolute',
                left: p.x * scale - 12,
                top: p.y * scale - 12,
                width: 24,
                height: 24,
                borderRadius: '50%',
                border: '2px solid #fff',
                boxShadow: '0 0 0 1px #111827, 0 1px 3px rgba(0,0,0,.5)',
                bgcolor: colourOf(s.name),
                color: '#fff',
                fontSize: 12,
                fontWeight: 700,
                p: 0,
                cursor: 'grab',
                '&:focus-visible': { outline: '3px solid #f59e0b', outlineOffset: 2 },
              }}
            >
              {i + 1}
            </Box>
          );
        })}
      </Box>
      <Typography variant="body2" color="text.secondary">
        {props.width} × {props.height} px. Blue: image left (the wearer’s right); red: image right (the wearer’s left).
      </Typography>
    </Stack>
  );
}

/** The anchors in order: done, next, or still to do; each can be placed again. */
export function AnchorChecklist(props: { steps: AnchorStep[]; placed: Placed; active: GarmentAnchorName | null; onRedo: (name: GarmentAnchorName) => void; onSkipOptional: () => void }) {
  const requiredLeft = props.steps.filter((s) => s.required && !props.placed[s.name]).length;
  const activeIsOptional = props.steps.find((s) => s.name === props.active)?.required === false;
  return (
    <Box component="ol" sx={{ m: 0, p: 0, listStyle: 'none' }} aria-label="Anchor points">
      {props.steps.map((s, i) => {
        const p = props.placed[s.name];
        const isNext = props.active === s.name;
        return (
          <Stack
            component="li"
            key={s.name}
            direction="row"
            spacing={1}
           
            sx={{ alignItems: 'center', py: 0.5, px: 1, borderRadius: 1, bgcolor: isNext ? 'rgba(10,77,162,0.08)' : undefined, outline: isNext ? '2px solid #0a4da2' : undefined }}
            aria-current={isNext ? 'step' : undefined}
          >
            <Box sx={{ width: 22, height: 22, borderRadius: '50%', bgcolor: p ? colourOf(s.name) : 'grey.300', color: p ? '#fff' : 'text.primary', fontSize: 12, fontWeight: 700, display: 'grid', placeItems: 'center', flexShrink: 0 }}>
              {i + 1}
            </Box>
            <Box sx={{ flexGrow: 1, minWidth: 0 }}>
              <Typography variant="body2" sx={{ fontWeight: isNext ? 700 : 500 }}>
                {s.label}
                {!s.required && (
                  <Typography component="span" variant="body2" color="text.secondary">
                    {' '}
                    (optional)
                  </Typography>
                )}
              </Typography>
              <Typography variant="caption" color="text.secondary" component="div">
                {isNext ? `Next: ${s.where}` : p ? `placed at ${Math.round(p.x)}, ${Math.round(p.y)}` : s.where}
              </Typography>
            </Box>
            {!isNext && (
              <Button size="small" onClick={() => props.onRedo(s.name)} aria-label={`${p ? 'Place again' : 'Place'}: ${s.label}`}>
                {p ? 'Redo' : 'Place'}
              </Button>
            )}
          </Stack>
        );
      })}
      {requiredLeft === 0 && activeIsOptional && (
        <Button size="small" sx={{ mt: 1 }} onClick={props.onSkipOptional}>
          Skip the optional points
        </Button>
      )}
    </Box>
  );
}
