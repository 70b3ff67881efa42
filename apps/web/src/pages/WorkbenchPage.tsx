import { Inbox } from '../features/inbox/Inbox.tsx';

/** 工作台: what waits for the signed-in user. */
export default function WorkbenchPage() {
  return <Inbox />;
}
