import { OrderList } from '../features/orders/OrderList.tsx';

/** 督办单: the list of supervision orders at /orders (each opens its task). */
export default function OrdersPage() {
  return <OrderList />;
}
