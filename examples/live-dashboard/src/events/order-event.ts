import { z } from 'zod';

export type OrderStatus = 'created' | 'paid' | 'shipped' | 'cancelled';

/**
 * Value of every message on the `orders.v1` topic (JSON, camelCase), as the checkout service
 * publishes it. The warehouse copy is the `orders` table in db/migrations/001_orders.sql.
 */
export interface OrderEvent {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  /** Order total after discounts, in minor units of `currency`. */
  totalCents: number;
  /** Sum of the coupon and promotion discounts applied to this order, in minor units. */
  discountCents: number;
  currency: string;
  itemCount: number;
  couponCode?: string;
  /** ISO-8601 with offset, e.g. 2025-03-01T12:00:00.000Z */
  createdAt: string;
  updatedAt: string;
}

// The producer is another team's service, so every message is validated before it is trusted;
// typing the schema against the interface keeps the two from disagreeing.
export const orderEventSchema: z.ZodType<OrderEvent> = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  status: z.enum(['created', 'paid', 'shipped', 'cancelled']),
  totalCents: z.number().int().nonnegative(),
  discountCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
  itemCount: z.number().int().positive(),
  couponCode: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});

/** The event, or undefined when the message is not valid JSON or not a valid order. */
export function decodeOrderEvent(raw: string): OrderEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = orderEventSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
