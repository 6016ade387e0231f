import { learnLaunchProfile } from './launch-profile';

const opts = { weeks: 2, settleWeeks: 2, minLaunches: 3 };

describe('learnLaunchProfile', () => {
  it('takes the median ratio of each first week to the settled level, from the first week with usage', () => {
    // settled levels 10, 20, 40; first weeks ¼ and ½ of them (one with a week of 0 before launch)
    const lives = [
      [2.5, 5, 10, 10],
      [0, 5, 10, 20, 20],
      [10, 20, 40, 40],
    ];
    expect(learnLaunchProfile(lives, opts)).toEqual([0.25, 0.5]);
    // one launch that sold fully at once does not move the medians
    expect(learnLaunchProfile([...lives, [10, 10, 10, 10]], opts)).toEqual([0.25, 0.5]);
  });

  it('assumes nothing without enough launches, or when launches sell near their level from the start', () => {
    expect(learnLaunchProfile([[1, 2, 4, 4], [1, 2, 4, 4]], opts)).toBeNull();
    expect(learnLaunchProfile([[1, 2, 4, 4], [1, 2, 4, 4], [1, 2]], opts)).toBeNull(); // the short life does not count
    expect(learnLaunchProfile([[9, 10, 10, 10], [19, 20, 20, 20], [10, 10, 10, 10]], opts)).toBeNull();
  });

  it('keeps each week within [0.05, 1]', () => {
    expect(learnLaunchProfile([[0.01, 30, 10, 10], [0.01, 30, 10, 10], [0.01, 30, 10, 10]], opts)).toEqual([0.05, 1]);
  });
});
