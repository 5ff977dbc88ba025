/** core/terraform-json.ts preferenceTypes: the one reading of Region settings preference maps for the rule pack and the posture report. */
import { preferenceTypes } from '../../core/terraform-json';

describe('preferenceTypes', () => {
  it('lists the types set to true (or "true", as plans may write it), sorted; with wanted false the types set otherwise', () => {
    const preferences = { RDS: true, EBS: 'true', Aurora: false, S3: 'false' };
    expect(preferenceTypes(preferences)).toEqual(['EBS', 'RDS']);
    expect(preferenceTypes(preferences, false)).toEqual(['Aurora', 'S3']);
  });

  it('reads anything but an object as no types', () => {
    for (const value of [undefined, null, 'EBS', ['EBS'], '${var.x}']) expect(preferenceTypes(value)).toEqual([]);
  });
});
