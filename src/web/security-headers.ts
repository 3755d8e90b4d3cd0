/** Headers sent with every response, beyond helmet's: Permissions-Policy, and no caching of API answers. */
import type { FastifyInstance } from 'fastify';

// Throughline uses none of these browser features; denying them means an injected script or a
// framed page cannot ask for them either.
const DENIED_FEATURES = [
  'accelerometer',
  'autoplay',
  'bluetooth',
  'camera',
  'display-capture',
  'encrypted-media',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
];

/** The Permissions-Policy header's value. */
export const PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(', ');

/** Install the headers. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    // API answers hold an organisation's data: no browser or proxy may keep a copy. (Pages set
    // the same when rendered; the API's own documentation may be cached.)
    if ((request.url.startsWith('/api/') && !request.url.startsWith('/api/docs')) || request.url === '/health') {
      reply.header('cache-control', 'no-store');
    }
  });
}
