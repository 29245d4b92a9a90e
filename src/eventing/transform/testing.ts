/**
 * Test data for the EventTransform data plane: Knative's documented JSONata examples with their
 * documented input and output.
 */

/** Knative's "Restructuring Event Data" example (knative.dev/docs eventing/transforms/event-transform-jsonata). */
export const ORDER_EXPRESSION = `{
  "specversion": "1.0",
  "id": order.id,
  "type": "order.transformed",
  "source": "transform.order-processor",
  "time": order.time,
  "orderid": order.id,
  "data": {
    "customer": {
      "id": order.user.id,
      "name": order.user.name
    },
    "items": order.items.{ "sku": sku, "quantity": qty, "price": price },
    "total": $sum(order.items.(price * qty))
  }
}`;
export const ORDER_INPUT = {
  order: {
    time: '2024-04-05T17:31:05Z',
    id: '8a76992e-cbe2-4dbe-96c0-7a951077089d',
    user: { id: 'bd9779ef-cba5-4ad0-b89b-e23913f0a7a7', name: 'John Doe' },
    items: [
      { sku: 'KNATIVE-1', price: 99.99, qty: 1 },
      { sku: 'KNATIVE-2', price: 129.99, qty: 2 },
    ],
  },
};
export const ORDER_OUTPUT = {
  specversion: '1.0',
  id: '8a76992e-cbe2-4dbe-96c0-7a951077089d',
  type: 'order.transformed',
  source: 'transform.order-processor',
  time: '2024-04-05T17:31:05Z',
  orderid: '8a76992e-cbe2-4dbe-96c0-7a951077089d',
  data: {
    customer: { id: 'bd9779ef-cba5-4ad0-b89b-e23913f0a7a7', name: 'John Doe' },
    items: [
      { sku: 'KNATIVE-1', quantity: 1, price: 99.99 },
      { sku: 'KNATIVE-2', quantity: 2, price: 129.99 },
    ],
    total: 359.97,
  },
};
