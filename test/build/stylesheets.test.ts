/**
 * The stylesheets are whole: every block closed, no merge marker left. Browsers and the bundler
 * forgive an unclosed block silently, swallowing every rule after it (the console's wallboard once
 * lost all its styles to one missing `}`), so this is checked here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const STYLESHEETS = ['agent-console/src/styles.css', 'widget/app/styles.css'];

/** The lines where a block opens that never closes, comments and strings aside. */
function unclosedBlocks(css: string): number[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/'[^'\n]*'|"[^"\n]*"/g, (quoted) => ' '.repeat(quoted.length));
  const open: number[] = [];
  let line = 1;
  for (const character of text) {
    if (character === '\n') line++;
    else if (character === '{') open.push(line);
    else if (character === '}' && open.pop() === undefined) return [-line];
  }
  return open;
}

describe('stylesheets', () => {
  for (const path of STYLESHEETS) {
    it(`${path} closes every block and holds no merge marker`, () => {
      const css = readFileSync(path, 'utf8');
      expect(unclosedBlocks(css)).toEqual([]);
      expect(css).not.toMatch(/^(<{7}|={7}|>{7})/m);
    });
  }

  it('finds an unclosed block', () => {
    expect(unclosedBlocks('.a { color: red; }\n.b {\n  margin: 0;\n\n.c { color: blue; }\n')).toEqual([2]);
    expect(unclosedBlocks('.a { content: "{"; }')).toEqual([]);
  });
});
