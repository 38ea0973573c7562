import { describe, expect, it } from 'vitest';
import { noiseCategories, sourceKinds } from '../../functions/domain/model/complaint.ts';
import { attributes, services } from '../../functions/domain/open311/services.ts';

describe('the noise services', () => {
  it('offer every noise category exactly once', () => {
    expect(services.map((service) => service.category).sort()).toEqual([...noiseCategories].sort());
  });

  it('keep the service codes FixMyStreet has stored (changing one would orphan its category)', () => {
    expect(services.map((service) => service.service_code)).toEqual([
      'music',
      'tv-radio',
      'party',
      'shouting',
      'barking',
      'alarm',
      'diy',
      'construction',
      'machinery',
      'vehicle',
      'other',
    ]);
  });

  it('have codes that are one URL path segment, names and descriptions a resident can read', () => {
    for (const service of services) {
      expect(service.service_code).toMatch(/^[a-z0-9-]+$/);
      expect(service.service_name.length).toBeGreaterThan(3);
      expect(service.description.length).toBeGreaterThan(10);
    }
  });

  it('ask questions in a distinct order, with list values for every list, and offer every kind of source', () => {
    const orders = attributes.map((attribute) => attribute.order);
    expect(new Set(orders).size).toBe(orders.length);
    for (const attribute of attributes) {
      expect(Boolean(attribute.values?.length)).toBe(attribute.datatype.endsWith('valuelist'));
      expect(attribute.code).toMatch(/^[a-z_]+$/);
    }
    const kinds = attributes.find((attribute) => attribute.code === 'source_kind')?.values?.map((v) => v.key);
    expect(kinds).toEqual([...sourceKinds]);
  });
});
