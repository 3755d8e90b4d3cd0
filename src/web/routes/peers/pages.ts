/** Compare with peers: A&E 4-hour performance beside the peers', each with its SPC reading. */
import type { FastifyInstance } from 'fastify';
import { InvalidInput } from '../../../domain/errors.ts';
import { describePeriod } from '../../../domain/period.ts';
import { renderSpcChart } from '../../../charts/spc-chart.ts';
import type { Services } from '../../../services/index.ts';
import type { PeerSeries } from '../../../services/peers.ts';
import { iconsHtml } from '../../../report/html.ts';
import { variationWords } from '../../../report/story-measure.ts';
import { actorOf, requireSignIn } from '../../auth.ts';

const percent = (v: number) => `${v.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;

function presentPeer(p: PeerSeries, size: 'full' | 'small', i: number) {
  const last = p.series.values.at(-1);
  return {
    code: p.code,
    name: p.name,
    latest: last ? `${percent(last.value)} (${describePeriod(last.period, 'monthly')})` : 'No figures',
    variation: variationWords(p.analysis.variation),
    improving: p.improving,
    reading: p.reading.text,
    icons: iconsHtml(p.analysis.variation, p.analysis.assurance, `peer-${i}`, true),
    chart: renderSpcChart(p.analysis, { size, id: `peer-chart-${i}`, title: `A&E 4-hour performance, ${p.name}`, description: p.reading.text, formatValue: percent, formatPeriod: (x) => describePeriod(x, 'monthly'), periodWord: 'months' }),
  };
}

/** Peer pages. */
export function peerPages(services: Services) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { code: string } }>('/organisations/:code/peers', { preHandler: requireSignIn }, async (request, reply) => {
      const actor = actorOf(request);
      const org = await services.organisations.getForActor(request.params.code, actor);
      request.organisation = org;
      const settingsHref = `/organisations/${org.code}/story/settings`;
      try {
        const c = await services.peers.fourHour(actor, org.id);
        const peers = c.peers.map((p, i) => presentPeer(p, 'small', i + 1));
        return reply.render('peers/index.njk', {
          title: 'Compare with peers',
          comparison: c,
          own: presentPeer(c.organisation, 'full', 0),
          peers,
          improving: peers.filter((p) => p.improving),
          settingsHref,
          canEdit: services.story.canEdit(actor, org.id),
        });
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        return reply.render('peers/index.njk', { title: 'Compare with peers', notLinked: e.fields.trustCode ?? e.message, settingsHref, canEdit: services.story.canEdit(actor, org.id) });
      }
    });
  };
}
