import type { Command } from '../command.js';
import { analyzeCommand } from './analyze.js';
import { configCommand } from './config.js';
import { demoCommand } from './demo.js';
import { evaluateCommand } from './evaluate.js';
import { extractCommand } from './extract.js';
import { featuresCommand } from './features.js';
import { filterCommand } from './filter.js';
import { inspectCommand } from './inspect.js';
import { reportCommand } from './report.js';
import { studyCommand } from './study.js';
import { synthCommand } from './synth.js';
import { trainCommand } from './train.js';

/** Every `her2` sub-command, in the order `her2 --help` lists them. */
export const commands: readonly Command[] = [
  demoCommand,
  inspectCommand,
  analyzeCommand,
  extractCommand,
  filterCommand,
  featuresCommand,
  trainCommand,
  reportCommand,
  studyCommand,
  evaluateCommand,
  synthCommand,
  configCommand,
];
