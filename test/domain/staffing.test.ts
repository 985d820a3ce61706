import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentsNeeded, erlangB, erlangC, fullTimeEquivalents, poissonInterval, projectDemand, serviceLevel, slotModelAgents, trafficErlangs } from '../../server/domain/staffing.js';

describe('Erlang C', () => {
  it('gives the textbook case: 360 contacts in 30 minutes, 240 s each, 55 agents', () => {
    const traffic = trafficErlangs(720, 240);
    expect(traffic).toBe(48);
    expect(erlangC(55, traffic)).toBeCloseTo(0.2387, 4);
    expect(serviceLevel(55, traffic, 240, 15)).toBeCloseTo(0.846, 3);
  });

  it('says everyone waits when the agents cannot carry the traffic, and no one when there is none', () => {
    expect(erlangC(3, 3)).toBe(1);
    expect(erlangC(2, 5)).toBe(1);
    expect(serviceLevel(2, 5, 300, 60)).toBe(0);
    expect(erlangC(4, 0)).toBe(0);
    expect(serviceLevel(4, 0, 300, 60)).toBe(1);
  });

  it('agrees with the factorial form where that form is exact', () => {
    const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
    const direct = (n: number, a: number) => {
      const top = (a ** n / factorial(n)) * (n / (n - a));
      let sum = 0;
      for (let k = 0; k < n; k++) sum += a ** k / factorial(k);
      return top / (sum + top);
    };
    for (const [n, a] of [[3, 2.1875], [7, 4.375], [12, 8.75], [20, 15.5]] as const) {
      expect(erlangC(n, a)).toBeCloseTo(direct(n, a), 12);
    }
  });

  it('stays finite for hundreds of agents', () => {
    expect(erlangC(600, 550)).toBeGreaterThan(0);
    expect(erlangC(600, 550)).toBeLessThan(1);
    expect(erlangB(600, 550)).toBeGreaterThan(0);
  });

  it('waits less and answers faster with each agent added (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0.01, max: 150, noNaN: true }), fc.integer({ min: 0, max: 600 }), (agents, traffic, within) => {
        const c = erlangC(agents, traffic);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(1);
        expect(erlangC(agents + 1, traffic)).toBeLessThanOrEqual(c + 1e-12);
        expect(serviceLevel(agents + 1, traffic, 300, within)).toBeGreaterThanOrEqual(serviceLevel(agents, traffic, 300, within) - 1e-12);
      }),
    );
  });

  it('refuses inputs that mean nothing', () => {
    expect(() => erlangC(2.5, 1)).toThrow(RangeError);
    expect(() => erlangC(-1, 1)).toThrow(RangeError);
    expect(() => erlangC(3, Number.NaN)).toThrow(RangeError);
    expect(() => serviceLevel(3, 1, 0, 60)).toThrow(RangeError);
  });
});

describe('agents needed', () => {
  // 15 chats an hour at 25 % rollout; 14-minute chats at a measured concurrency of 1.6 are
  // 8.75 agent-minutes (525 s) each; 80 % answered within 60 s; agents busy at most 85 %.
  const pilot = { handleSeconds: (14 * 60) / 1.6, answerWithinSeconds: 60, serviceLevel: 0.8, maxOccupancy: 0.85 };

  it('gives the worked example: 4 agents now, 7 at 50 %, 12 at 100 %', () => {
    expect(pilot.handleSeconds).toBe(525);
    expect(agentsNeeded({ ...pilot, arrivalsPerHour: 15 })).toBe(4);
    expect(agentsNeeded({ ...pilot, arrivalsPerHour: 30 })).toBe(7);
    expect(agentsNeeded({ ...pilot, arrivalsPerHour: 60 })).toBe(12);
  });

  it('meets the service level with that many and not with one fewer, unless occupancy is what binds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 60, max: 1800 }), fc.integer({ min: 10, max: 120 }), (arrivals, handle, within) => {
        const target = { arrivalsPerHour: arrivals, handleSeconds: handle, answerWithinSeconds: within, serviceLevel: 0.8, maxOccupancy: 0.85 };
        const agents = agentsNeeded(target);
        const traffic = trafficErlangs(arrivals, handle);
        expect(serviceLevel(agents, traffic, handle, within)).toBeGreaterThanOrEqual(0.8);
        expect(traffic / agents).toBeLessThanOrEqual(0.85 + 1e-9);
        const fewer = agents - 1;
        const fewerWorks = fewer > 0 && traffic / fewer <= 0.85 && serviceLevel(fewer, traffic, handle, within) >= 0.8;
        expect(fewerWorks).toBe(false);
      }),
    );
  });

  it('needs no one when no one comes, and refuses targets that cannot be met', () => {
    expect(agentsNeeded({ ...pilot, arrivalsPerHour: 0 })).toBe(0);
    expect(() => agentsNeeded({ ...pilot, arrivalsPerHour: 10, serviceLevel: 1 })).toThrow(RangeError);
    expect(() => agentsNeeded({ ...pilot, arrivalsPerHour: 10, maxOccupancy: 0 })).toThrow(RangeError);
  });
});

describe('projection to a wider share', () => {
  it('scales the observed demand by target ÷ observed share, with an interval around it', () => {
    // 15 chats an hour at 25 % over a 40-hour week is 600 chats.
    const at50 = projectDemand({ chats: 600, hours: 40, share: 0.25 }, 0.5);
    expect(at50.arrivalsPerHour).toBeCloseTo(30, 10);
    expect(at50.low).toBeLessThan(30);
    expect(at50.high).toBeGreaterThan(30);
    // ±2 standard deviations of a Poisson count of 600 is about ±8 %.
    expect(at50.low).toBeCloseTo(30 * (1 - 1.96 / Math.sqrt(600)), 0);
    expect(projectDemand({ chats: 600, hours: 40, share: 0.25 }, 1).arrivalsPerHour).toBeCloseTo(60, 10);
  });

  it('gives a wide interval on few chats, and an upper bound even on none', () => {
    const [low, high] = poissonInterval(0);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(3.69, 1);
    const [low3, high3] = poissonInterval(3);
    expect(low3).toBeCloseTo(0.62, 1);
    expect(high3).toBeCloseTo(8.77, 1);
  });

  it('refuses shares that mean nothing', () => {
    expect(() => projectDemand({ chats: 10, hours: 1, share: 0 }, 0.5)).toThrow(RangeError);
    expect(() => projectDemand({ chats: 10, hours: 1, share: 0.2 }, 1.5)).toThrow(RangeError);
  });
});

describe('slot model and full-time equivalents', () => {
  it('counts chats open at once over the chats an agent holds', () => {
    // 15 chats an hour of 14 minutes: 3.5 open at once; at 1.6 each, 2.19 agents → 3.
    expect(slotModelAgents(15, 14 * 60, 1.6)).toBe(3);
    expect(slotModelAgents(60, 14 * 60, 1.6)).toBe(9);
    expect(slotModelAgents(0, 600, 2)).toBe(0);
  });

  it('adds shrinkage', () => {
    expect(fullTimeEquivalents(12, 0.25)).toBe(16);
    expect(() => fullTimeEquivalents(12, 1)).toThrow(RangeError);
  });
});
