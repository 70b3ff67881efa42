import { DeliveryList } from '../features/notifications/DeliveryList.tsx';

/** 消息发送 (administrators): failed and given-up deliveries by e-mail and group robot. */
export default function DeliveriesPage() {
  return <DeliveryList />;
}
