import { describe, expect, it } from 'vitest';
import { OssProtocolError } from '@ossbox/protocol';
import { parseProcess } from './process-string.js';
import type { ImageAction } from './process-string.js';
import { planResize } from './resize.js';

function action(text: string): ImageAction {
  const parsed = parseProcess(`image/${text}`);
  if (parsed.kind !== 'image') throw new Error('not image');
  return parsed.actions[0]!;
}

describe('planResize (the resize reference examples: a 200x100 source, w_150,h_80)', () => {
  it('lfit 150x75, mfit 160x80, fill 160x80 cropped to 150x80, pad 150x75 on 150x80, fixed 150x80', () => {
    expect(planResize(action('resize,m_lfit,w_150,h_80'), 200, 100)).toMatchObject({ width: 150, height: 75 });
    expect(planResize(action('resize,m_mfit,w_150,h_80'), 200, 100)).toMatchObject({ width: 160, height: 80 });
    expect(planResize(action('resize,m_fill,w_150,h_80'), 200, 100)).toMatchObject({
      width: 160,
      height: 80,
      box: { width: 150, height: 80, fit: 'crop' },
    });
    expect(planResize(action('resize,m_pad,w_150,h_80,color_FF0000'), 200, 100)).toMatchObject({
      width: 150,
      height: 75,
      box: { width: 150, height: 80, fit: 'pad' },
      color: '#FF0000',
    });
    expect(planResize(action('resize,m_fixed,w_150,h_80'), 200, 100)).toMatchObject({ width: 150, height: 80 });
  });

  it('one side keeps the ratio; l/s name the long and short sides; p scales by percent', () => {
    expect(planResize(action('resize,w_100'), 200, 100)).toMatchObject({ width: 100, height: 50 });
    expect(planResize(action('resize,h_20'), 200, 100)).toMatchObject({ width: 40, height: 20 });
    expect(planResize(action('resize,l_100'), 100, 200)).toMatchObject({ width: 50, height: 100 });
    expect(planResize(action('resize,p_50'), 200, 100)).toMatchObject({ width: 100, height: 50 });
  });

  it('limit_1 (the default) never enlarges; limit_0 does', () => {
    expect(planResize(action('resize,w_400'), 200, 100)).toBeUndefined();
    expect(planResize(action('resize,w_400,limit_0'), 200, 100)).toMatchObject({ width: 400, height: 200 });
  });

  it('refuses a bad mode (EC 0040-00000311), no size (0040-00000322), and out-of-range values', () => {
    expect(() => planResize(action('resize,w_100,m_abc'), 200, 100)).toThrow(expect.objectContaining({ code: 'InvalidArgument', ec: '0040-00000311' }));
    expect(() => planResize(action('resize'), 200, 100)).toThrow(expect.objectContaining({ ec: '0040-00000322' }));
    expect(() => planResize(action('resize,w_0'), 200, 100)).toThrow(OssProtocolError);
    expect(() => planResize(action('resize,w_16385'), 200, 100)).toThrow(OssProtocolError);
    expect(() => planResize(action('resize,w_abc'), 200, 100)).toThrow(OssProtocolError);
    expect(() => planResize(action('resize,p_1000,limit_0'), 2000, 1000)).toThrow(OssProtocolError);
  });
});

describe('parseProcess', () => {
  it('splits chained actions, key_value parameters and bare values; style/<name> is a style', () => {
    const parsed = parseProcess('image/resize,m_fill,w_10/rotate,90/format,png');
    expect(parsed.kind).toBe('image');
    if (parsed.kind !== 'image') return;
    expect(parsed.actions.map((a) => a.name)).toEqual(['resize', 'rotate', 'format']);
    expect(Object.fromEntries(parsed.actions[0]!.params)).toEqual({ m: 'fill', w: '10' });
    expect(parsed.actions[1]!.values).toEqual(['90']);
    expect(parseProcess('style/thumb')).toEqual({ kind: 'style', name: 'thumb' });
  });

  it('image/ without an action is EC 0040-00000212; other services are NotImplemented', () => {
    expect(() => parseProcess('image/')).toThrow(expect.objectContaining({ code: 'InvalidArgument', ec: '0040-00000212' }));
    expect(() => parseProcess('video/snapshot,t_1')).toThrow(expect.objectContaining({ code: 'NotImplemented' }));
  });
});
