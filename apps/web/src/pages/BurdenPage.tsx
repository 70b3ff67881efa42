import { BurdenView } from '../features/burden/BurdenView.tsx';

/** 填报负担 at /burden. */
export default function BurdenPage() {
  return <BurdenView />;
}
