import { AnalyticsBrowser } from '@segment/analytics-next'

import { CartEvents } from './events'

export const analytics = AnalyticsBrowser.load({ writeKey: 'WRITE_KEY' })

export function abandonCart(cartId: string, items: number) {
  analytics.track(CartEvents.Abandoned, { cart_id: cartId, items })
}

export function shareCart(channel: string) {
  analytics.track(CartEvents.Shared, { channel })
}
