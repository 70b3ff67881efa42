import { useMatch, useParams } from 'react-router-dom';
import { ActivityView } from '../features/campaigns/ActivityView.tsx';
import { CampaignHome } from '../features/campaigns/CampaignHome.tsx';
import { CampaignList } from '../features/campaigns/CampaignList.tsx';
import { ProblemList } from '../features/campaigns/ProblemList.tsx';
import { ProblemView } from '../features/campaigns/ProblemView.tsx';

/**
 * 活动与整改: campaigns at /campaigns, one campaign's home at /campaigns/:id, an activity at
 * /campaigns/activities/:id, the problem list at /campaigns/problems and one problem at
 * /campaigns/problems/:id.
 */
export default function CampaignsPage() {
  const { id } = useParams();
  const activity = useMatch('/campaigns/activities/:id');
  const problems = useMatch('/campaigns/problems');
  const problem = useMatch('/campaigns/problems/:id');
  if (activity) return <ActivityView key={id} id={activity.params.id!} />;
  if (problem) return <ProblemView key={problem.params.id} id={problem.params.id!} />;
  if (problems) return <ProblemList />;
  return id ? <CampaignHome key={id} id={id} /> : <CampaignList />;
}
