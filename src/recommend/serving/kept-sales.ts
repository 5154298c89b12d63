/**
 * Units kept per product (sold less returned, cancelled orders left out) over the last 180 days, in a
 * store ($1) or all stores (null): what store popularity counts, in serving and in draft evaluations.
 */
export const KEPT_SALES_SQL = `SELECT l.product_id, SUM(l.quantity - l.returned_quantity)::int AS n FROM order_line l JOIN customer_order o ON o.id = l.order_id
  WHERE o.placed_at > now() - interval '180 days' AND o.status <> 'CANCELLED' AND ($1::uuid IS NULL OR o.store_id = $1)
  GROUP BY l.product_id HAVING SUM(l.quantity - l.returned_quantity) > 0`;

export interface KeptSalesRow {
  product_id: string;
  n: number;
}
