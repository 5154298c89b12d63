import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type ReactNode } from 'react';
import { graphql } from '../gql';
import type { AppProfileQuery } from '../gql/graphql';
import { describeError } from '../shared/api';
import { shoeSizeParts } from '../shared/shoe-sizes';
import { FaceEnrolment } from './FaceEnrolment';
import { useSession } from './session';
import { Busy, Problem, Screen, useRetryOnReconnect, formatDate } from './ui';

const ProfileQuery = graphql(`
  query AppProfile {
    viewer {
      __typename
      ... on CustomerViewer {
        customer {
          id
          displayName
          email
        }
      }
    }
    myFaceEnrolment {
      enrolled
      renewalRequired
      enrolledAt
      consentGrantedAt
      consentPurpose
      consentVersion
    }
    myBodyProfile {
      id
      measuredAt
      source
      quality
      notes
      height {
        valueCm
        uncertaintyCm
      }
      chest {
        valueCm
        uncertaintyCm
      }
      waist {
        valueCm
        uncertaintyCm
      }
      hip {
        valueCm
        uncertaintyCm
      }
      inseam {
        valueCm
        uncertaintyCm
      }
      sleeve {
        valueCm
        uncertaintyCm
      }
      shoulderBreadth {
        valueCm
        uncertaintyCm
      }
      neck {
        valueCm
        uncertaintyCm
      }
      thigh {
        valueCm
        uncertaintyCm
      }
      footLength {
        valueCm
        uncertaintyCm
      }
      sex
      shoeSizes {
        eu
        uk
        us
        usWomen
      }
      previous {
        savedAt
        replacedAt
        replacedVia
        replacedInStore
        replacedByMirror
        summary
      }
    }
  }
`);

const WithdrawFaceConsentMutation = graphql(`
  mutation AppWithdrawFaceConsent {
    withdrawFaceConsent
  }
`);

const DeleteBodyProfileMutation = graphql(`
  mutation AppDeleteBodyProfile {
    deleteMyBodyProfile
  }
`);

const RestorePreviousBodyProfileMutation = graphql(`
  mutation AppRestorePreviousBodyProfile($previousSavedAt: DateTimeISO, $replacedAt: DateTimeISO) {
    restorePreviousBodyProfile(previousSavedAt: $previousSavedAt, replacedAt: $replacedAt) {
      __typename
      ... on BodyProfile {
        measuredAt
      }
      ... on ErrorResult {
        message
      }
    }
  }
`);

type Data = AppProfileQuery;
type Body = NonNullable<Data['myBodyProfile']>;

const MEASUREMENTS: [keyof Body & ('height' | 'chest' | 'waist' | 'hip' | 'inseam' | 'sleeve' | 'shoulderBreadth' | 'neck' | 'thigh' | 'footLength'), string][] = [
  ['height', 'Height'],
  ['chest', 'Chest'],
  ['waist', 'Waist'],
  ['hip', 'Hips'],
  ['inseam', 'Inside leg'],
  ['sleeve', 'Sleeve'],
  ['shoulderBreadth', 'Shoulders'],
  ['neck', 'Neck'],
  ['thigh', 'Thigh'],
  ['footLength', 'Foot length'],
];

/** What Mirrorfit keeps about the member's body and face, and the buttons to take it back. */
export function ProfileScreen() {
  const { call, signOut, displayName } = useSession();
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [confirm, setConfirm] = useState<'face' | 'body' | null>(null);
  const [working, setWorking] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [enrolling, setEnrolling] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const [undoError, setUndoError] = useState<string | null>(null);

  useRetryOnReconnect(error !== null && data === null, () => setAttempt((n) => n + 1));
  useEffect(() => {
    let live = true;
    setError(null);
    call(ProfileQuery, {})
      .then((d) => live && setData(d))
      .catch((e) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
  }, [call, attempt]);

  /** Undo the mirror's save: the previous sizes come back, and the screen shows what is saved now. */
  async function undoReplacement(previousSavedAt: string, replacedAt: string) {
    setUndoing(true);
    setUndoError(null);
    setDone(null);
    try {
      const r = (await call(RestorePreviousBodyProfileMutation, { previousSavedAt, replacedAt })).restorePreviousBodyProfile;
      if (r.__typename === 'BodyProfile') setDone(`Your previous sizes are back (saved ${formatDate(r.measuredAt)}).`);
      else setUndoError(r.message);
      setAttempt((n) => n + 1);
    } catch (e) {
      setUndoError(describeError(e));
    } finally {
      setUndoing(false);
    }
  }

  async function act(which: 'face' | 'body') {
    setWorking(true);
    setActionError(null);
    try {
      if (which === 'face') await call(WithdrawFaceConsentMutation, {});
      else await call(DeleteBodyProfileMutation, {});
      setDone(which === 'face' ? 'Your face data and consent are deleted. Mirrors will no longer recognise you.' : 'Your saved body profile is deleted.');
      setConfirm(null);
      setAttempt((n) => n + 1);
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setWorking(false);
    }
  }

  /** Consent and a selfie (FaceEnrolment), opened by a button; enrolling again also renews an enrolment that can no longer be read. */
  const enrolBlock = (button: { label: string; testId: string; done: string }) =>
    enrolling ? (
      <Box sx={{ mt: 2 }}>
        <FaceEnrolment
          onCancel={() => setEnrolling(false)}
          onDone={() => {
            setEnrolling(false);
            setDone(button.done);
            setAttempt((n) => n + 1);
          }}
        />
      </Box>
    ) : (
      <Button variant="outlined" size="large" onClick={() => setEnrolling(true)} sx={{ mt: 2 }} fullWidth data-testid={button.testId}>
        {button.label}
      </Button>
    );
  const withdrawBlock = (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        Withdrawing deletes your face data, your consent and the record of every time a mirror recognised you.
      </Typography>
      <Button variant="contained" color="error" size="large" onClick={() => setConfirm('face')} sx={{ mt: 2 }} fullWidth data-testid="withdraw-face-consent">
        Withdraw consent and delete face data
      </Button>
    </>
  );

  const customer = data?.viewer.__typename === 'CustomerViewer' ? data.viewer.customer : null;
  const face = data?.myFaceEnrolment;
  const body = data?.myBodyProfile;
  // Announced (with Undo) only when a mirror replaced the sizes: a save from this app is one the member made here themselves.
  const replacedAtMirror = body?.previous?.replacedVia === 'MIRROR' ? body.previous : null;

  return (
    <Screen title="Profile and privacy">
      {error && (
        <Problem
          title="We couldn’t load your profile"
          actions={
            <Button variant="contained" size="large" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </Button>
          }
        >
          {error}
        </Problem>
      )}
      {done && (
        <Typography role="status" sx={{ p: 1.5, borderRadius: 1, bgcolor: 'success.main', color: 'success.contrastText' }} data-testid="profile-done">
          {done}
        </Typography>
      )}
      {!data ? (
        !error && <Busy label="Loading your profile…" />
      ) : (
        <>
          <Section title="Account">
            <Typography sx={{ fontWeight: 600 }}>{customer?.displayName ?? displayName}</Typography>
            {customer?.email && <Typography color="text.secondary">{customer.email}</Typography>}
            <Button variant="outlined" size="large" onClick={signOut} sx={{ mt: 2 }} data-testid="sign-out" fullWidth>
              Sign out of this phone
            </Button>
          </Section>

          <Section title="Face recognition at mirrors" testId="face-consent">
            {face?.renewalRequired ? (
              <>
                <Alert severity="warning" data-testid="face-renewal-required">
                  <AlertTitle sx={{ fontWeight: 700 }}>Your face enrolment must be renewed</AlertTitle>
                  Mirrors cannot recognise you at the moment: the face data you enrolled{face.enrolledAt ? ` on ${formatDate(face.enrolledAt)}` : ''} can no longer be read after a
                  security change on our side. Take a new selfie to renew it, or withdraw to delete it.
                </Alert>
                {enrolBlock({ label: 'Renew with a new selfie', testId: 'face-renew', done: 'Your face enrolment is renewed. Mirrors that use face recognition will recognise you again.' })}
                {!enrolling && withdrawBlock}
              </>
            ) : face?.enrolled || face?.consentGrantedAt ? (
              <>
                <Typography>
                  {face.enrolled ? 'On. Mirrors in stores that use face recognition can recognise you and sign you in.' : 'You gave consent, but no face is enrolled yet.'}
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                  {face.consentGrantedAt && `Consent given ${formatDate(face.consentGrantedAt)}`}
                  {face.consentVersion && ` (terms version ${face.consentVersion})`}
                  {face.enrolledAt && `. Face enrolled ${formatDate(face.enrolledAt)}.`}
                </Typography>
                {!face.enrolled && enrolBlock({ label: 'Take my selfie', testId: 'face-enrol', done: 'Face recognition is on. Mirrors that use it will recognise you.' })}
                {!enrolling && withdrawBlock}
              </>
            ) : (
              <>
                <Typography>
                  Off. Mirrors do not recognise your face. You can still sign in at a mirror by scanning its sign-in code with this app.
                </Typography>
                {enrolBlock({ label: 'Let mirrors recognise me', testId: 'face-enrol', done: 'Face recognition is on. Mirrors that use it will recognise you.' })}
              </>
            )}
          </Section>

          <Section title="Saved body profile" testId="body-profile">
            {body ? (
              <>
                {replacedAtMirror && (
                  <Alert
                    severity="info"
                    sx={{ mb: 1 }}
                    data-testid="body-profile-replaced"
                    action={
                      <Button
                        color="inherit"
                        size="large"
                        onClick={() => void undoReplacement(replacedAtMirror.savedAt, replacedAtMirror.replacedAt)}
                        disabled={undoing}
                        data-testid="undo-body-profile"
                        startIcon={undoing ? <CircularProgress size={18} color="inherit" /> : undefined}
                      >
                        Undo
                      </Button>
                    }
                  >
                    <AlertTitle sx={{ fontWeight: 700 }} data-testid="body-profile-replaced-title">
                      Updated at the mirror{replacedAtMirror.replacedInStore ? ` in ${replacedAtMirror.replacedInStore}` : ''} on {formatDate(replacedAtMirror.replacedAt)}
                    </AlertTitle>
                    {replacedAtMirror.summary}. Undo brings back the sizes you saved {formatDate(replacedAtMirror.savedAt)}.
                  </Alert>
                )}
                {undoError && (
                  <Typography color="error" role="alert" data-testid="undo-body-profile-failed">
                    That didn&apos;t work: {undoError}
                  </Typography>
                )}
                <Typography variant="body2" color="text.secondary">
                  {body.source === 'SCAN' ? 'Measured by a mirror scan' : 'Entered by you'} on {formatDate(body.measuredAt)} · confidence {Math.round(body.quality * 100)}%
                </Typography>
                <Table size="small" aria-label="Your measurements" sx={{ my: 1 }}>
                  <TableBody>
                    {MEASUREMENTS.map(([key, label]) => (
                      <TableRow key={key}>
                        <TableCell component="th" scope="row" sx={{ pl: 0 }}>
                          {label}
                        </TableCell>
                        <TableCell align="right" sx={{ pr: 0 }}>
                          {body[key].valueCm.toFixed(1)} cm <Typography component="span" variant="body2" color="text.secondary">± {body[key].uncertaintyCm.toFixed(1)}</Typography>
                        </TableCell>
                      </TableRow>
                    ))}
                    <TableRow data-testid="shoe-sizes">
                      <TableCell component="th" scope="row" sx={{ pl: 0 }}>
                        Shoe size
                      </TableCell>
                      <TableCell align="right" sx={{ pr: 0 }}>
                        {/* Each size kept whole when the row wraps ("US W 11", not "US" / "W 11"). */}
                        {shoeSizeParts(body.shoeSizes, body.sex).map((part, i) => (
                          <span key={part}>
                            {i > 0 && ' · '}
                            <span style={{ whiteSpace: 'nowrap' }}>{part}</span>
                          </span>
                        ))}
                      </TableCell>
                    </TableRow>
                  </TableBody>
                </Table>
                {body.notes.map((n) => (
                  <Typography key={n} variant="body2" color="text.secondary">
                    {n}
                  </Typography>
                ))}
                <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                  Mirrors use it to suggest your size without a new scan.
                </Typography>
                <Button variant="contained" color="error" size="large" onClick={() => setConfirm('body')} sx={{ mt: 2 }} fullWidth data-testid="delete-body-profile">
                  Delete my body profile
                </Button>
              </>
            ) : (
              <Typography>No body profile saved. At a mirror, you can save your scan to get size advice next time.</Typography>
            )}
          </Section>
        </>
      )}

      <Dialog open={confirm !== null} onClose={() => !working && setConfirm(null)} aria-labelledby="profile-confirm-title" fullWidth>
        <DialogTitle id="profile-confirm-title">{confirm === 'face' ? 'Withdraw face-recognition consent?' : 'Delete your body profile?'}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {confirm === 'face'
              ? 'Your face data, your consent and every record of mirrors recognising you are deleted. You can give consent again later.'
              : 'Your saved measurements are deleted. Mirrors will need a new scan to advise your size.'}
          </DialogContentText>
          {actionError && (
            <Typography color="error" role="alert" sx={{ mt: 2 }}>
              That didn&apos;t work: {actionError}
            </Typography>
          )}
        </DialogContent>
        <DialogActions sx={{ flexDirection: 'column', alignItems: 'stretch', gap: 1, p: 2 }}>
          <Button
            variant="contained"
            color="error"
            size="large"
            onClick={() => confirm && void act(confirm)}
            disabled={working}
            data-testid="confirm-delete"
            startIcon={working ? <CircularProgress size={20} color="inherit" /> : undefined}
          >
            {working ? 'Deleting…' : confirm === 'face' ? 'Withdraw and delete' : 'Delete'}
          </Button>
          <Button variant="outlined" size="large" onClick={() => setConfirm(null)} disabled={working} sx={{ ml: '0 !important' }}>
            Keep it
          </Button>
        </DialogActions>
      </Dialog>
    </Screen>
  );
}

function Section(props: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card variant="outlined" component="section" data-testid={props.testId}>
      <CardContent>
        <Stack spacing={0.5}>
          <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
            {props.title}
          </Typography>
          {props.children}
        </Stack>
      </CardContent>
    </Card>
  );
}
